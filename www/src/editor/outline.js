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
/** @typedef {{item: Item, level: number, open: boolean | null, count: number, selected: boolean}} Row */

/** Whether a row draws the same (its place in the tree aside). @param {Row} a @param {Row} b */
const sameRow = (a, b) => a.item.label === b.item.label && a.count === b.count && a.selected === b.selected && a.open === b.open;

/** @param {Resource} res */
const label = (res) => (res.name ? `${res.name} (${res.id})` : res.id);

/**
 * The outline's items (pure: Node tests call it).
 * @param {Doc} doc @returns {Item[]}
 */
export function outlineItems(doc) {
  // Grouped once (VPCs by region, subnets by VPC and AZ): filtering the lists per region and per
  // VPC was quadratic, ≈ 5 M comparisons on each redraw of 1,000 VPCs and 5,000 subnets.
  /** @template T @param {Map<string, T[]>} map @param {string} key @param {T} value */
  const push = (map, key, value) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  /** @type {Map<string, Resource[]>} */
  const vpcsByRegion = new Map();
  for (const vpc of doc.vpcs ?? []) push(vpcsByRegion, vpc.region, vpc);
  /** @type {Map<string, Map<string, Resource[]>>} per VPC: its subnets by AZ, in document order */
  const subnetsByVpc = new Map();
  for (const subnet of doc.subnets ?? []) {
    let byAz = subnetsByVpc.get(subnet.vpc);
    if (!byAz) subnetsByVpc.set(subnet.vpc, (byAz = new Map()));
    push(byAz, subnet.az ?? 'no AZ', subnet);
  }
  const regionNames = [...new Set([...(doc.regions ?? []).map((/** @type {Resource} */ r) => r.name), ...vpcsByRegion.keys()])];
  /** @type {Item[]} */
  const items = regionNames.map((region) => ({
    id: `region:${region}`,
    label: region,
    children: (vpcsByRegion.get(region) ?? []).map((vpc) => {
      const byAz = subnetsByVpc.get(vpc.id) ?? /** @type {Map<string, Resource[]>} */ (new Map());
      return {
        id: vpc.id,
        label: `${label(vpc)} ${(vpc.cidrs ?? []).join(', ')}`,
        children: [...byAz.keys()].sort().map((az) => ({
          id: `az:${vpc.id}:${az}`,
          label: az,
          children: (byAz.get(az) ?? []).map((s) => ({ id: s.id, label: `${label(s)} ${s.cidr ?? ''}`.trim(), children: [] })),
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
    /** What the tree shows: its shape, its rows and their elements, in document order. */
    /** @type {{shape: string, rows: Row[], els: HTMLElement[]} | null} */
    this.shown = null;
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
    /** The visible rows in document order, and the tree's shape (which rows, nested how). */
    /** @type {Row[]} */
    const rows = [];
    /** @param {Item} item @param {number} level */
    const flatten = (item, level) => {
      const open = item.children.length ? !this.collapsed.has(item.id) : null;
      rows.push({ item, level, open, count: counts.get(item.id.replace(/^region:/, '')) ?? 0, selected: selected.has(item.id) });
      if (open) for (const child of item.children) flatten(child, level + 1);
    };
    for (const item of outlineItems(doc)) flatten(item, 1);
    const shape = rows.map((row) => `${row.level} ${row.open} ${row.item.id}`).join('\n');
    const hadFocus = this.tree.contains(document.activeElement);
    const shown = this.shown;
    if (shown && shown.shape === shape && shown.els.length === rows.length) {
      // Same rows, nested the same: update the rows that changed in place (an edit changes a
      // label or a count or two; building and comparing all ~1,000 elements cost ≈ 30 ms at 50 VPCs).
      rows.forEach((row, i) => {
        if (sameRow(shown.rows[i], row)) return;
        const fresh = this.row(row);
        const el = shown.els[i];
        for (const name of ['aria-selected', 'aria-expanded']) {
          const value = fresh.getAttribute(name);
          if (value === null) el.removeAttribute(name);
          else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
        }
        // The label and count spans come first; a nested group (if any) stays where it is:
        // taking it out and back in would restyle its whole subtree.
        const group = el.querySelector(':scope > ul');
        for (const child of Array.from(el.childNodes)) if (child !== group) child.remove();
        for (const child of Array.from(fresh.childNodes)) el.insertBefore(child, group);
      });
      this.shown = { shape, rows, els: shown.els };
    } else {
      /** @param {number} at @returns {[HTMLLIElement, number]} the row at `at` with its children, and the next row's index */
      const build = (at) => {
        const row = rows[at];
        const li = this.row(row);
        let next = at + 1;
        if (row.open) {
          const group = h('ul', { attrs: { role: 'group' } });
          while (next < rows.length && rows[next].level > row.level) {
            const [child, after] = build(next);
            group.append(child);
            next = after;
          }
          li.append(group);
        }
        return [li, next];
      };
      /** @type {HTMLLIElement[]} */
      const top = [];
      for (let at = 0; at < rows.length;) {
        const [li, next] = build(at);
        top.push(li);
        at = next;
      }
      // Patched, not replaced: a new tree would be laid out whole and lose the focused item.
      morphChildren(this.tree, h('ul', {}, ...top));
      this.shown = { shape, rows, els: this.visible() };
    }
    const visible = this.shown.els;
    const current = visible.find((el) => el.dataset.id === this.focusId) ?? visible[0];
    if (current) {
      current.tabIndex = 0;
      if (hadFocus) current.focus();
    }
  }

  /** A row's item element, without its children. @param {Row} row @returns {HTMLLIElement} */
  row({ item, level, open, count, selected }) {
    return h('li', {
      className: 'vm-treeitem',
      tabIndex: -1,
      dataset: { id: item.id },
      attrs: { role: 'treeitem', 'aria-level': level, 'aria-selected': String(selected), ...(open === null ? {} : { 'aria-expanded': String(open) }) },
    }, h('span', { className: 'vm-tree-label' }, item.label), count ? h('span', { className: 'vm-tree-count', attrs: { 'aria-label': `${count} findings` } }, String(count)) : null);
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
