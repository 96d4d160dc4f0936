// @ts-check
// The property panel: the fields of the selected resource, edited in place. Every field commits
// on change (Enter or leaving it) as one undoable edit; a CIDR field is checked as the user types:
// malformed text is said at once, and a well-formed block is tried on a copy of the document with
// the core's `validate`, so "outside the VPC" or "overlaps subnet-…" shows before anything is
// committed, with a free block to use instead. Delete lists what goes with the resource first.

import { h, kids } from './dom.js';
import { dependents, find, remove, resourceIdOf } from './model.js';
import { freeBlock, parseCidr } from './cidr.js';

/** @typedef {import('./model.js').Doc} Doc */
/** @typedef {import('./model.js').Resource} Resource */
/** @typedef {import('../core.js').Report} Report */
/** @typedef {import('../core.js').Finding} Finding */

/**
 * @typedef {{
 *   history: import('./history.js').History,
 *   report: () => Report | null,
 *   validate: (doc: Doc) => Promise<Report>,
 *   suggestCidr: (doc: Doc, options: import('../core.js').SuggestCidrOptions) => Promise<import('../core.js').CidrSuggestion>,
 *   select: (ids: string[]) => void,
 *   failed: (what: string, err: unknown) => void,
 * }} PanelContext
 */

/** Fields shown for a kind even when the resource leaves them out. */
const FIELDS = /** @type {{[key: string]: string[]}} */ ({
  regions: ['label'],
  vpcs: ['name', 'region', 'cidrs'],
  subnets: ['name', 'az', 'cidr', 'mapPublicIpOnLaunch'],
  routeTables: ['name', 'main', 'subnets'],
  onPremNetworks: ['name', 'cidrs'],
});
/** Fields holding one IPv4 CIDR, or a list of them. */
const CIDR_FIELDS = new Set(['cidr', 'cidrs']);
/** Findings that speak about a CIDR field. */
const CIDR_CODE = /CIDR|OVERLAP|OUTSIDE/;

/** @param {unknown} value */
const kindOf = (value) => (Array.isArray(value) ? (value.every((v) => typeof v === 'string') ? 'list' : 'json') : typeof value);

/**
 * Draw the panel for `selection` (diagram ids) into `host`.
 * @param {HTMLElement} host @param {string[]} selection @param {PanelContext} ctx
 */
export function renderPanel(host, selection, ctx) {
  const focused = host.contains(document.activeElement) ? /** @type {HTMLInputElement} */ (document.activeElement).name : '';
  draw(host, selection, ctx);
  // A redraw after a committed field keeps the keyboard where it was.
  if (focused) /** @type {HTMLElement | null} */ (host.querySelector(`[name="${CSS.escape(focused)}"]`))?.focus();
}

/** @param {HTMLElement} host @param {string[]} selection @param {PanelContext} ctx */
function draw(host, selection, ctx) {
  const doc = ctx.history.doc;
  if (!doc) return;
  if (selection.length === 0) {
    host.replaceChildren(
      h('p', { className: 'vm-hint-text' }, 'Select a box or a link in the diagram (or in the outline) to edit it. Shift-click or shift-drag selects several.'),
      field('Document name', h('input', { className: 'vm-input', name: 'document-name', value: doc.name ?? '', on: { change: (/** @type {Event} */ e) => {
        const name = /** @type {HTMLInputElement} */ (e.target).value.trim();
        ctx.history.edit('Rename the document', (next) => { if (name) next.name = name; else delete next.name; }).catch((err) => ctx.failed('Could not rename', err));
      } } })),
    );
    return;
  }
  const ids = [...new Set(selection.map(resourceIdOf))].filter((id) => find(doc, id));
  if (selection.length > 1) {
    host.replaceChildren(...kids(
      h('h3', { className: 'vm-panel-title' }, `${selection.length} selected`),
      h('ul', { className: 'vm-plain-list' }, ...selection.map((id) => h('li', {}, h('code', {}, id)))),
      ids.length ? deleteSection(ids, ctx) : null,
    ));
    return;
  }
  const id = resourceIdOf(selection[0]);
  const found = find(doc, id);
  if (!found) {
    host.replaceChildren(h('h3', { className: 'vm-panel-title' }, selection[0]), h('p', { className: 'vm-hint-text' }, 'Drawn by the layout (not a resource of the document): select what it contains to edit it.'));
    return;
  }
  const { key, word, res } = found;
  const names = [...new Set([...Object.keys(res), ...(FIELDS[key] ?? ['name'])])].filter((name) => name !== 'id');
  host.replaceChildren(
    h('h3', { className: 'vm-panel-title' }, `${word} `, h('code', {}, id)),
    ...names.map((name) => fieldFor(key, id, name, res[name], ctx)),
    findingsOf(id, ctx.report()),
    deleteSection([id], ctx),
  );
}

/** @param {string} label @param {HTMLElement} input @param {...(HTMLElement | null)} extra */
function field(label, input, ...extra) {
  const wrapper = h('label', { className: 'vm-field' }, h('span', { className: 'vm-field-label' }, label), input);
  return h('div', { className: 'vm-field-row' }, wrapper, ...extra);
}

/**
 * The editor for one field: text, list (comma-separated), checkbox, number or JSON.
 * @param {string} key @param {string} id @param {string} name @param {unknown} value @param {PanelContext} ctx
 */
function fieldFor(key, id, name, value, ctx) {
  const kind = value === undefined ? (name === 'cidrs' || name === 'subnets' ? 'list' : name.startsWith('map') || name === 'main' ? 'boolean' : 'string') : kindOf(value);
  const set = (/** @type {unknown} */ next) =>
    ctx.history.edit(`Edit ${name} of ${id}`, (doc) => {
      const target = find(doc, id);
      if (!target) throw new Error(`${id} is gone`);
      if (next === undefined || next === '' || (Array.isArray(next) && next.length === 0)) delete target.res[name];
      else target.res[name] = next;
    });
  const message = h('p', { className: 'vm-field-message', attrs: { 'aria-live': 'polite' } });
  const fail = (/** @type {unknown} */ err) => {
    message.textContent = err instanceof Error ? err.message : String(err);
    message.dataset.kind = 'error';
  };
  if (kind === 'boolean') {
    const box = h('input', { type: 'checkbox', checked: Boolean(value), name, on: { change: () => set(box.checked || undefined).catch(fail) } });
    return field(name, box, message);
  }
  if (kind === 'json' || kind === 'object') {
    const area = h('textarea', { className: 'vm-input vm-json', name, rows: 4, spellcheck: false, value: JSON.stringify(value, null, 1) });
    area.addEventListener('change', () => {
      let parsed;
      try {
        parsed = JSON.parse(area.value);
      } catch {
        fail(new Error(`${name}: not valid JSON`));
        return;
      }
      set(parsed).catch(fail);
    });
    return field(name, area, message);
  }
  const text = kind === 'list' ? /** @type {string[]} */ (value ?? []).join(', ') : value === undefined ? '' : String(value);
  const input = h('input', { className: 'vm-input', name, value: text, spellcheck: false, attrs: { 'aria-describedby': `msg-${name}` } });
  message.id = `msg-${name}`;
  const parse = () => {
    if (kind === 'list') return input.value.split(',').map((s) => s.trim()).filter(Boolean);
    if (kind === 'number') return input.value.trim() === '' ? undefined : Number(input.value);
    return input.value.trim();
  };
  const offer = h('div', { className: 'vm-offer' });
  input.addEventListener('change', () => {
    if (CIDR_FIELDS.has(name) && malformed(parse())) return; // already said, and not committed
    set(parse()).catch(fail);
  });
  if (CIDR_FIELDS.has(name)) {
    let asked = 0;
    input.addEventListener('input', async () => {
      const ticket = ++asked;
      offer.replaceChildren();
      const values = /** @type {string[]} */ ([parse()].flat().filter((v) => v !== undefined));
      const bad = malformed(values);
      input.setAttribute('aria-invalid', String(Boolean(bad)));
      if (bad) {
        message.textContent = bad;
        message.dataset.kind = 'error';
        return;
      }
      message.textContent = '';
      delete message.dataset.kind;
      try {
        const problems = await tryCidr(key, id, name, parse(), ctx);
        if (ticket !== asked) return; // the user typed on; a later check answers
        input.setAttribute('aria-invalid', String(problems.length > 0));
        message.textContent = problems.map((f) => f.message).join(' ');
        if (problems.length) message.dataset.kind = problems.some((f) => f.severity === 'error') ? 'error' : 'warning';
        if (problems.length) await offerFree(key, id, values, input, offer, ctx);
      } catch (err) {
        if (ticket === asked) fail(err);
      }
    });
    // A committed block with a problem says so (and offers a free one) as soon as it is shown.
    const report = ctx.report();
    if (report?.findings.some((f) => !f.suppressed && f.resources.includes(id) && CIDR_CODE.test(f.code))) {
      queueMicrotask(() => input.dispatchEvent(new Event('input')));
    }
  }
  return field(name, input, message, offer);
}

/** The first malformed CIDR's message, or ''. @param {unknown} values */
function malformed(values) {
  for (const value of [values].flat()) {
    if (typeof value !== 'string') continue;
    const parsed = parseCidr(value);
    if (typeof parsed === 'string') return parsed;
  }
  return '';
}

/**
 * The CIDR findings about `id` that a new value would bring, from the core on a copy.
 * @param {string} key @param {string} id @param {string} name @param {unknown} value @param {PanelContext} ctx
 */
async function tryCidr(key, id, name, value, ctx) {
  const doc = ctx.history.doc;
  if (!doc) return [];
  const copy = structuredClone(doc);
  const target = find(copy, id);
  if (!target) return [];
  target.res[name] = value;
  const report = await ctx.validate(copy);
  return report.findings.filter((f) => !f.suppressed && f.resources.includes(id) && CIDR_CODE.test(f.code));
}

/**
 * Offer a free block in place of a clashing one: a VPC's from the core's planner, a subnet's from
 * its VPC's blocks minus the other subnets.
 * @param {string} key @param {string} id @param {string[]} values @param {HTMLInputElement} input @param {HTMLElement} offer @param {PanelContext} ctx
 */
async function offerFree(key, id, values, input, offer, ctx) {
  const doc = ctx.history.doc;
  if (!doc) return;
  const typed = parseCidr(values[0] ?? '');
  const len = typeof typed === 'string' ? (key === 'vpcs' ? 16 : 24) : typed.len;
  let block = null;
  if (key === 'vpcs') {
    // The planner avoids every VPC's blocks: this VPC's own are about to be replaced.
    const others = structuredClone(doc);
    const self = find(others, id);
    if (self) self.res.cidrs = [];
    block = (await ctx.suggestCidr(others, { prefixLen: Math.min(Math.max(len, 16), 28) })).blocks[0] ?? null;
  } else if (key === 'subnets') {
    const subnet = find(doc, id)?.res;
    const vpc = subnet ? find(doc, subnet.vpc)?.res : null;
    const used = (doc.subnets ?? []).filter((/** @type {Resource} */ s) => s.vpc === subnet?.vpc && s.id !== id && s.cidr).map((/** @type {Resource} */ s) => s.cidr);
    block = vpc ? freeBlock(vpc.cidrs ?? [], used, len) : null;
  }
  if (!block) return;
  const free = block;
  offer.replaceChildren(
    h('button', { type: 'button', className: 'vm-button vm-small', on: { click: () => {
      input.value = key === 'vpcs' ? [free, ...values.slice(1)].join(', ') : free;
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new Event('change'));
    } } }, `Use free block ${free}`),
  );
}

/** The findings naming `id`. @param {string} id @param {Report | null} report */
function findingsOf(id, report) {
  const mine = (report?.findings ?? []).filter((f) => f.resources.includes(id));
  if (mine.length === 0) return h('p', { className: 'vm-hint-text' }, 'No findings name this resource.');
  return h('ul', { className: 'vm-plain-list vm-panel-findings' }, ...mine.map((f) => h('li', { className: `vm-sev-${f.severity}` }, h('strong', {}, f.severity), ' ', h('code', {}, f.code), ': ', f.message)));
}

/**
 * "Delete…": first lists what goes along and what loses a reference, then deletes on confirm.
 * @param {string[]} ids @param {PanelContext} ctx
 */
function deleteSection(ids, ctx) {
  const section = h('div', { className: 'vm-delete' });
  const start = h('button', { type: 'button', className: 'vm-button vm-danger', on: { click: () => {
    const doc = ctx.history.doc;
    if (!doc) return;
    const deleted = new Set();
    const updated = new Set();
    for (const id of ids) {
      const deps = dependents(doc, id);
      deps.deleted.forEach((d) => deleted.add(d));
      deps.updated.forEach((u) => updated.add(u));
    }
    ids.forEach((id) => { deleted.delete(id); updated.delete(id); });
    deleted.forEach((d) => updated.delete(d));
    const confirm = h('button', { type: 'button', className: 'vm-button vm-danger', on: { click: () => {
      ctx.history.edit(`Delete ${ids.join(', ')}`, (next) => { for (const id of ids) remove(next, id); })
        .then(() => ctx.select([]))
        .catch((err) => ctx.failed('Could not delete', err));
    } } }, deleted.size ? `Delete ${ids.length + deleted.size} resources` : `Delete ${ids.join(', ')}`);
    section.replaceChildren(...kids(
      h('p', { className: 'vm-delete-title' }, deleted.size ? 'Deleting also deletes what cannot exist without it:' : 'Nothing else needs it.'),
      deleted.size ? h('ul', { className: 'vm-plain-list vm-dependents' }, ...[...deleted].map((d) => h('li', {}, h('code', {}, d)))) : null,
      updated.size ? h('p', {}, `References are removed from: ${[...updated].join(', ')}.`) : null,
      h('div', { className: 'vm-row' }, confirm, h('button', { type: 'button', className: 'vm-button', on: { click: () => section.replaceChildren(start) } }, 'Cancel')),
    ));
    confirm.focus();
  } } }, 'Delete…');
  section.append(start);
  return section;
}

