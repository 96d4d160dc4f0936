// @ts-check
// The network review of a change in the design tool: which two documents to compare (a
// Terraform plan alone is its own prior state vs its planned values; anything else is compared
// with the open document), and the panel that shows the diff — a headline, the picture of the
// change (added green, removed red, changed outlined), and the resources, findings and paths it
// changes. DOM by createElement/textContent only; the picture is the renderer's SVG parsed as XML.

import * as vpcmap from './vpcmap.js';
import { parseSvg } from './findings.js';

/** @typedef {import('./core.js').VpcmapDocument} VpcmapDocument */
/** @typedef {import('./core.js').InputFile} InputFile */
/** @typedef {import('./core.js').Diff} Diff */

/**
 * @typedef {object} Comparison
 * @property {VpcmapDocument} before
 * @property {VpcmapDocument} after
 * @property {string} title what is compared with what, in words
 * @property {import('./core.js').Imported['notes']} notes import notes of both sides
 */

/** Is this file the JSON of `terraform show -json PLANFILE`? @param {InputFile} file */
function isPlan(file) {
  try {
    const value = JSON.parse(file.text);
    return typeof value === 'object' && value !== null && 'format_version' in value && 'resource_changes' in value;
  } catch {
    return false;
  }
}

/**
 * The two sides to compare: a plan's own prior and planned states, or the open document and the
 * files. Throws (with the importer's message) when the files do not import.
 * @param {VpcmapDocument} open the document in the editor
 * @param {InputFile[]} files
 * @returns {Promise<Comparison>}
 */
export async function comparison(open, files) {
  const names = files.map((f) => f.path ?? f.name ?? 'file').join(', ');
  if (files.length > 0 && files.every(isPlan)) {
    const sides = await vpcmap.importPlan(files);
    return {
      before: sides.before.topology,
      after: sides.after.topology,
      title: `Terraform plan ${names}: prior state → planned`,
      notes: [...sides.before.notes, ...sides.after.notes],
    };
  }
  const imported = await vpcmap.importFiles(files);
  return { before: open, after: imported.topology, title: `Open document → ${names}`, notes: imported.notes };
}

/**
 * @param {Document} doc @param {string} tag @param {string} [className] @param {string} [text]
 * @returns {HTMLElement}
 */
function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {import('./core.js').DiffSummary} s */
export function headline(s) {
  const parts = [];
  if (s.added || s.removed || s.changed) parts.push(`${s.added} added, ${s.removed} removed, ${s.changed} changed`);
  else parts.push('no resource changes');
  if (s.introduced) parts.push(`${s.introduced} findings introduced (${s.introducedErrors} errors)`);
  if (s.resolved) parts.push(`${s.resolved} resolved`);
  if (s.reachableNow) parts.push(`${s.reachableNow} paths opened`);
  if (s.unreachableNow) parts.push(`${s.unreachableNow} paths closed`);
  return parts.join(' · ');
}

/**
 * One titled list of the panel; nothing when `items` is empty.
 * @param {Document} doc @param {string} title @param {string} kind @param {HTMLElement[]} items
 * @returns {HTMLElement[]}
 */
function section(doc, title, kind, items) {
  if (items.length === 0) return [];
  const head = el(doc, 'h3', 'vm-diff-title', `${title} (${items.length})`);
  const list = el(doc, 'ul', `vm-diff-list vm-diff-${kind}`);
  list.append(...items);
  return [head, list];
}

/**
 * The panel of a change: headline, picture, lists. `onSelect` gets the ids an item names
 * (clicking it highlights them in the picture too).
 * @param {Comparison} cmp
 * @param {Diff} change
 * @param {string} svgText `diffSvg` of the two sides
 * @param {Document} [doc]
 * @returns {HTMLElement}
 */
export function diffPanel(cmp, change, svgText, doc = document) {
  const panel = el(doc, 'section', 'vm-diff');
  panel.setAttribute('aria-label', 'Network change');
  panel.append(el(doc, 'p', 'vm-diff-what', cmp.title));
  const summary = el(doc, 'p', 'vm-diff-headline', headline(change.summary));
  summary.dataset.kind = change.summary.introducedErrors > 0 ? 'error' : 'ok';
  panel.append(summary);
  const picture = el(doc, 'div', 'vm-diff-picture');
  picture.append(parseSvg(svgText, doc));
  panel.append(picture);

  const mark = { added: '+', removed: '−', changed: '~' };
  const resources = change.resources.map((r) => {
    const item = el(doc, 'li', `vm-diff-${r.change}`);
    item.dataset.id = r.id;
    const fields = r.fields?.length ? ` (${r.fields.join(', ')})` : '';
    item.textContent = `${mark[r.change]} ${r.kind} ${r.name ? `${r.name} ` : ''}${r.id}${fields}`;
    return item;
  });
  const findings = (/** @type {import('./core.js').Finding[]} */ list, /** @type {string} */ how) =>
    list.map((f) => {
      const item = el(doc, 'li', `vm-diff-finding vm-finding-${f.severity}`);
      item.dataset.id = f.resources[0] ?? '';
      const code = el(doc, 'code', undefined, f.code);
      item.append(`${how} ${f.severity} `, code, ` ${f.message}`);
      return item;
    });
  const paths = change.reachability.map((r) => {
    const item = el(doc, 'li', r.after ? 'vm-diff-opened' : 'vm-diff-closed');
    const verb = r.after ? 'can now reach' : 'can no longer reach';
    const via = r.via?.length ? ` via ${r.via.join(', ')}` : '';
    const why = r.code ? ` (${r.code})` : '';
    item.textContent = `${r.fromLabel} ${verb} ${r.toLabel}${via}${why}`;
    return item;
  });
  panel.append(
    ...section(doc, 'Resources', 'resources', resources),
    ...section(doc, 'Findings introduced', 'introduced', findings(change.introduced, 'new')),
    ...section(doc, 'Findings resolved', 'resolved', findings(change.resolved, 'resolved')),
    ...section(doc, 'Reachability', 'reachability', paths),
  );
  return panel;
}

/**
 * Compare and build the panel in one step.
 * @param {VpcmapDocument} open @param {InputFile[]} files @param {Document} [doc]
 * @returns {Promise<{panel: HTMLElement, comparison: Comparison, change: Diff}>}
 */
export async function review(open, files, doc = document) {
  const cmp = await comparison(open, files);
  const [change, svgText] = await Promise.all([
    vpcmap.diff(cmp.before, cmp.after),
    vpcmap.diffSvg(cmp.before, cmp.after, { style: false }),
  ]);
  return { panel: diffPanel(cmp, change, svgText, doc), comparison: cmp, change };
}
