// @ts-check
// The outline: the document as an ARIA tree (region → VPC → availability zone → subnet, then the
// on-premises networks), each item with its finding count: a text alternative to the picture for
// screen readers and keyboards. One roving tabindex: Up/Down move, Right opens or goes to the
// first child, Left closes or goes to the parent, Home/End jump, Enter/Space select the item's
// resource in the diagram (as a click would). Expanded state survives redraws.

import { h } from './dom.js';
import { morphChildren } from '../morph.js';

/** @typedef {import('./model.js').Doc} Doc */
/** @typedef {import('./model.js').Resource} Resource */
/** @typedef {import('../core.js').Report} Report */
/** @typedef {{id: string, label: string, children: Item[]}} Item */

/** @param {Resource} res */
const label = (res) => (res.name ? `${res.name} (${res.id})` : res.id);

/**
 * The outline's items (pure: Node tests call it).
 * @param {Doc} doc @returns {Item[]}
 */
export function outlineItems(doc) {
  const regionNames = [...new Set([...(doc.regions ?? []).map((/** @type {Resource} */ r) => r.name), ...(doc.vpcs ?? []).map((/** @type {Resource} */ v) => v.region)])];
  /** @type {Item[]} */
  const items = regionNames.map((region) => ({
    id: `region:${region}`,
    label: region,
    children: (doc.vpcs ?? []).filter((/** @type {Resource} */ v) => v.region === region).map((/** @type {Resource} */ vpc) => {
      const subnets = (doc.subnets ?? []).filter((/** @type {Resource} */ s) => s.vpc === vpc.id);
      const azs = [...new Set(subnets.map((/** @type {Resource} */ s) => s.az ?? 'no AZ'))].sort();
      return {
        id: vpc.id,
        label: `${label(vpc)} ${(vpc.cidrs ?? []).join(', ')}`,
        children: azs.map((az) => ({
          id: `az:${vpc.id}:${az}`,
          label: az,
          children: subnets.filter((/** @type {Resource} */ s) => (s.az ?? 'no AZ') === az).map((/** @type {Resource} */ s) => ({ id: s.id, label: `${label(s)} ${s.cidr ?? ''}`.trim(), children: [] })),
        })),
      };
    }),
  }));
  for (const site of doc.onPremNetworks ?? []) items.push({ id: site.id, label: `on-premises: ${label(site)} ${(site.cidrs ?? []).join(', ')}`, children: [] });
  return items;
}

export class Outline {
  /** @param {HTMLElement} host @param {(id: string) => void} onSelect */
  constructor(host, onSelect) {
    this.host = host;
    this.onSelect = onSelect;
    /** @type {Set<string>} */
    this.collapsed = new Set();
    /** @type {string | null} */
    this.focusId = null;
    this.tree = h('ul', { className: 'vm-tree', attrs: { role: 'tree', 'aria-label': 'Outline' } });
    host.replaceChildren(this.tree);
    this.tree.addEventListener('keydown', (event) => this.key(event));
    // One listener for every item (items are kept across redraws, so none holds its own).
    this.tree.addEventListener('click', (event) => {
      const row = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest?.('[role="treeitem"]'));
      if (!row || !this.tree.contains(row)) return;
      event.stopPropagation();
      const id = row.dataset.id ?? '';
      this.focus(id);
      this.onSelect(id);
    });
  }

  /** @param {Doc} doc @param {Report | null} report @param {Set<string>} selected */
  render(doc, report, selected) {
    /** @type {Map<string, number>} */
    const counts = new Map();
    for (const finding of report?.findings ?? []) {
      if (finding.suppressed) continue;
      for (const id of new Set(finding.resources)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const build = (/** @type {Item} */ item, /** @type {number} */ level) => {
      const open = !this.collapsed.has(item.id);
      const count = counts.get(item.id.replace(/^region:/, '')) ?? 0;
      const row = h('li', {
        className: 'vm-treeitem',
        tabIndex: -1,
        dataset: { id: item.id },
        attrs: { role: 'treeitem', 'aria-level': level, 'aria-selected': String(selected.has(item.id)), ...(item.children.length ? { 'aria-expanded': String(open) } : {}) },
      }, h('span', { className: 'vm-tree-label' }, item.label), count ? h('span', { className: 'vm-tree-count', attrs: { 'aria-label': `${count} findings` } }, String(count)) : null);
      if (item.children.length && open) row.append(h('ul', { attrs: { role: 'group' } }, ...item.children.map((child) => build(child, level + 1))));
      return row;
    };
    const rows = outlineItems(doc).map((item) => build(item, 1));
    const hadFocus = this.tree.contains(document.activeElement);
    // Patched, not replaced: an edit changes an item or two, and a new tree would be laid out
    // whole (and lose the focused item).
    morphChildren(this.tree, h('ul', {}, ...rows));
    const visible = this.visible();
    const current = visible.find((el) => el.dataset.id === this.focusId) ?? visible[0];
    if (current) {
      current.tabIndex = 0;
      if (hadFocus) current.focus();
    }
  }

  /** The tree items a user can see, in order. @returns {HTMLElement[]} */
  visible() {
    return /** @type {HTMLElement[]} */ (Array.from(this.tree.querySelectorAll('[role="treeitem"]')));
  }

  /** @param {string} id */
  focus(id) {
    this.focusId = id;
    for (const el of this.visible()) {
      el.tabIndex = el.dataset.id === id ? 0 : -1;
      if (el.dataset.id === id) el.focus();
    }
  }

  /** @param {KeyboardEvent} event */
  key(event) {
    const items = this.visible();
    const at = items.findIndex((el) => el === document.activeElement);
    if (at < 0) return;
    const el = items[at];
    const id = el.dataset.id ?? '';
    const expanded = el.getAttribute('aria-expanded');
    const parent = el.parentElement?.closest('[role="treeitem"]');
    const go = (/** @type {HTMLElement | null | undefined} */ target) => target && this.focus(target.dataset.id ?? '');
    const handled = /** @type {{[key: string]: () => void}} */ ({
      ArrowDown: () => go(items[at + 1]),
      ArrowUp: () => go(items[at - 1]),
      Home: () => go(items[0]),
      End: () => go(items.at(-1)),
      ArrowRight: () => {
        if (expanded === 'false') this.toggle(id);
        else if (expanded === 'true') go(/** @type {HTMLElement | null} */ (el.querySelector('[role="treeitem"]')));
      },
      ArrowLeft: () => {
        if (expanded === 'true') this.toggle(id);
        else go(/** @type {HTMLElement | null} */ (parent));
      },
      Enter: () => this.onSelect(id),
      ' ': () => this.onSelect(id),
    })[event.key];
    if (handled) {
      event.preventDefault();
      handled();
    }
  }

  /** Open or close an item (re-rendered by the page on its next draw; here at once). @param {string} id */
  toggle(id) {
    if (this.collapsed.has(id)) this.collapsed.delete(id);
    else this.collapsed.add(id);
    this.focusId = id;
    this.onToggle?.();
  }

  /** Set by the page: redraw after a toggle. @type {(() => void) | undefined} */
  onToggle = undefined;
}
