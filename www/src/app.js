// @ts-check
// The design tool page: wires the document (editor/history.js) to the canvas, the palette, the
// property panel, the outline, trace mode and the files. Every change is an edit on a copy of the
// document; `show` draws it (the core renders and validates it) and only then does it become the
// document, an undo step and the autosave. The DOM is built with createElement/textContent only;
// the diagram is our renderer's SVG, parsed as XML.

import * as vpcmap from './vpcmap.js';
import { findingItems, highlight } from './findings.js';
import { placeChildren } from './morph.js';
import { History } from './editor/history.js';
import { Canvas } from './editor/canvas.js';
import { renderPanel } from './editor/panel.js';
import { connectDialog, renderPalette } from './editor/palette.js';
import { TracePanel } from './editor/trace.js';
import { Outline } from './editor/outline.js';
import { decodeFragment, encodeFragment } from './editor/share.js';
import { download, svgToPng } from './editor/export.js';
import { keepAside, savedText, saveText } from './editor/storage.js';
import { clearPins, copy, drawnAs, find, paste, pin, resourceIdOf } from './editor/model.js';
import { h, kids } from './editor/dom.js';
import * as engine from './editor/engine.js';
import { review } from './diff-view.js';

/** @typedef {import('./editor/model.js').Doc} Doc */
/** @typedef {import('./core.js').Report} Report */

const THEME_KEY = 'vpcmap:theme';
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @param {string} text @param {'info'|'error'} [kind] */
function status(text, kind = 'info') {
  const line = $('status');
  line.textContent = text;
  line.dataset.kind = kind;
}

/**
 * Report a failed action. The document on screen stays as it was; a stopped core also shows the
 * "vpcmap stopped" panel (Save JSON still works: the document lives in this page, not in the core).
 * @param {string} what @param {unknown} err
 */
function failed(what, err) {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof vpcmap.CoreStopped) {
    $('stopped').hidden = false;
    status(`${message}: your document is kept; reload the page to restart.`, 'error');
    return;
  }
  status(`${what}: ${message} — the current document is unchanged.`, 'error');
}

/** @type {Report | null} */
let report = null;
/** @type {'auto' | 'light' | 'dark'} */
let theme = 'auto';
/** @type {'select' | 'connect'} */
let mode = 'select';
/** @type {string | null} the first end of a connection being drawn */
let connectFrom = null;
/** @type {{hops: string[], blocked: string[]}} */
let traceMarks = { hops: [], blocked: [] };
/** What Ctrl/Cmd+C copied (resources, deep copies); Ctrl/Cmd+V pastes them with fresh ids. */
/** @type {{key: string, res: import('./editor/model.js').Resource}[]} */
let copied = [];
/** Redraws so far: tests and the benchmark wait for it to change. */
let revision = 0;

/**
 * Draw `doc`: diagram, findings, outline, panel. Throws (leaving the page as it was) if the core
 * refuses the document.
 * @param {Doc} doc @param {string} [text] its JSON, when the caller has it
 */
async function show(doc, text = JSON.stringify(doc)) {
  const started = performance.now();
  // One call, so the document is parsed and validated once for the badges and the findings.
  const { svg: svgText, report: checked } = await engine.draw(doc, { style: false, theme }, text);
  report = checked;
  canvas.setSvg(svgText);
  markTrace();
  renderFindings(checked);
  $('doc-name').textContent = doc.name ?? '';
  const { errors, warnings, info } = checked.summary;
  status(`${doc.vpcs?.length ?? 0} VPCs · ${errors} errors, ${warnings} warnings, ${info} info`);
  revision++;
  $('diagram').dataset.revision = String(revision);
  $('diagram').dataset.drawMs = (performance.now() - started).toFixed(1);
  $('diagram').dataset.drawnAt = performance.now().toFixed(1);
  $('diagram').dataset.engine = engine.isLarge(doc) ? 'worker' : 'page';
}

/**
 * Once a document is committed: autosave; panel, outline, buttons and trace follow it.
 * @param {Doc} _doc @param {string} text its JSON
 */
function committed(_doc, text) {
  saveText(localStorage, text);
  drawSide();
  tracePanel.refresh().catch((err) => failed('Could not trace', err));
}

function drawSide() {
  const doc = history.doc;
  if (!doc) return;
  renderPanel($('panel'), [...canvas.selected], panelContext);
  outline.render(doc, report, canvas.selected);
  /** @type {HTMLButtonElement} */ ($('undo-button')).disabled = !history.canUndo;
  /** @type {HTMLButtonElement} */ ($('redo-button')).disabled = !history.canRedo;
  $('undo-button').title = history.past.at(-1)?.label ?? '';
  $('redo-button').title = history.future.at(-1)?.label ?? '';
}

/** The list's items by the finding each shows (as JSON): an edit changes a finding or two, and
 * an unchanged list is left as it is (every item kept, none moved). */
/** @type {Map<string, HTMLLIElement[]>} */
let findingEls = new Map();

/** @param {Report} checked */
function renderFindings(checked) {
  const onSelect = (/** @type {import('./core.js').Finding} */ finding) => {
    select(finding.resources);
    canvas.centreOn(finding.resources);
  };
  /** @type {Map<string, HTMLLIElement[]>} */
  const kept = new Map();
  const items = checked.findings.length === 0
    ? findingItems(checked, onSelect)
    : checked.findings.map((finding) => {
      const key = JSON.stringify(finding);
      // An item's listener holds its finding, which equals this one: the item can stay.
      const item = findingEls.get(key)?.shift() ?? findingItems({ ...checked, findings: [finding] }, onSelect)[0];
      kept.set(key, [...(kept.get(key) ?? []), item]);
      return item;
    });
  findingEls = kept;
  placeChildren($('findings'), items);
  $('findings-count').textContent = String(checked.findings.length);
}

/** @param {string[]} ids */
function select(ids) {
  canvas.select(ids);
  drawSide();
}

function markTrace() {
  const doc = history.doc;
  /** Ids as drawn: a resource without a box of its own is marked on the boxes that show it. */
  const drawn = (/** @type {string[]} */ ids) => ids.flatMap((id) => (canvas.elements([id]).length || !doc ? [id] : drawnAs(doc, id)));
  for (const el of Array.from($('diagram').querySelectorAll('.vm-trace-hop, .vm-trace-blocked'))) el.classList.remove('vm-trace-hop', 'vm-trace-blocked');
  for (const el of canvas.elements(drawn(traceMarks.hops))) el.classList.add('vm-trace-hop');
  for (const el of canvas.elements(drawn(traceMarks.blocked))) el.classList.add('vm-trace-blocked');
}

const history = new History(show, committed);

const canvas = new Canvas($('diagram'), {
  onClick: (id, additive) => {
    if (id && tracePanel.pick(resourceIdOf(id))) return;
    if (mode === 'connect' && id) {
      connect(resourceIdOf(id));
      return;
    }
    if (!id) select(additive ? [...canvas.selected] : []);
    else if (additive) select(canvas.selected.has(id) ? [...canvas.selected].filter((s) => s !== id) : [...canvas.selected, id]);
    else select([id]);
  },
  onBoxSelect: (ids, additive) => select(additive ? [...canvas.selected, ...ids] : ids),
  onHover: hover,
  onMove: (ids, dx, dy) => movePins(ids, dx, dy).catch((err) => failed('Could not move', err)),
});

/**
 * Dragged boxes become layout pins: each box's new top-left corner relative to its parent box.
 * @param {string[]} ids @param {number} dx @param {number} dy
 */
async function movePins(ids, dx, dy) {
  const doc = history.doc;
  if (!doc) return;
  const layout = await engine.layout(doc);
  const nodes = new Map(layout.nodes.map((node) => [node.id, node]));
  const moving = new Set(ids);
  await history.edit(ids.length === 1 ? `Move ${ids[0]}` : `Move ${ids.length} boxes`, (next) => {
    for (const id of ids) {
      const node = nodes.get(id);
      if (!node) continue;
      const parent = node.parent ? nodes.get(node.parent) : null;
      // A box moved with its parent keeps its place inside it.
      const carried = node.parent !== null && moving.has(node.parent);
      const shift = carried ? { x: 0, y: 0 } : { x: dx, y: dy };
      pin(next, id, { x: node.x + shift.x - (parent?.x ?? 0), y: node.y + shift.y - (parent?.y ?? 0) });
    }
  });
  status(`Pinned ${ids.join(', ')} (Re-layout clears pins)`);
}

/** @param {string | null} id @param {number} clientX @param {number} clientY */
function hover(id, clientX, clientY) {
  const box = $('hover');
  const doc = history.doc;
  if (!id || !doc) {
    box.hidden = true;
    return;
  }
  const res = find(doc, resourceIdOf(id))?.res;
  const cidrs = [res?.cidr, ...(res?.cidrs ?? [])].filter(Boolean);
  const mine = (report?.findings ?? []).filter((f) => f.resources.includes(resourceIdOf(id)));
  const routes = (res?.routes ?? []).map((/** @type {{destination?: string, cidr?: string, target?: string}} */ r) => `${r.destination ?? r.cidr ?? ''} → ${r.target ?? ''}`);
  box.replaceChildren(...kids(
    h('strong', {}, res?.name ? `${res.name} ` : ''), h('code', {}, id),
    cidrs.length ? h('div', {}, `CIDRs: ${cidrs.join(', ')}`) : null,
    routes.length ? h('div', {}, `Routes: ${routes.slice(0, 6).join('; ')}${routes.length > 6 ? ' …' : ''}`) : null,
    mine.length ? h('ul', { className: 'vm-plain-list' }, ...mine.slice(0, 5).map((f) => h('li', { className: `vm-sev-${f.severity}` }, `${f.severity}: ${f.code}`))) : h('div', {}, 'No findings'),
  ));
  box.hidden = false;
  box.style.left = `${Math.min(clientX + 14, window.innerWidth - 340)}px`;
  box.style.top = `${Math.min(clientY + 14, window.innerHeight - 160)}px`;
}

/** @param {string} id */
function connect(id) {
  if (!connectFrom) {
    connectFrom = id;
    select([id]);
    $('mode-hint').textContent = `Connect: now click the VPC or on-premises network to join ${id} to.`;
    return;
  }
  const { dialog, why } = connectDialog(connectFrom, id, paletteContext);
  connectFrom = null;
  setMode('select');
  if (!dialog) {
    status(why, 'error');
    return;
  }
  $('panel').replaceChildren(dialog);
  /** @type {HTMLElement | null} */ (dialog.querySelector('button'))?.focus();
}

/** @param {'select' | 'connect'} next */
function setMode(next) {
  mode = next;
  connectFrom = null;
  $('connect-button').setAttribute('aria-pressed', String(next === 'connect'));
  $('mode-hint').textContent = next === 'connect' ? 'Connect: click a VPC, then another VPC (peering) or an on-premises network (VPN). Esc cancels.' : '';
}

/** @type {import('./editor/panel.js').PanelContext} */
const panelContext = {
  history,
  report: () => report,
  validate: (doc) => vpcmap.validate(doc),
  suggestCidr: (doc, options) => vpcmap.suggestCidr(doc, options),
  select,
  failed,
};

/** @type {import('./editor/palette.js').PaletteContext} */
const paletteContext = {
  history,
  selection: () => [...canvas.selected],
  select,
  suggestCidr: (doc, options) => vpcmap.suggestCidr(doc, options),
  failed,
  status,
};

const tracePanel = new TracePanel($('trace-panel'), {
  history,
  trace: (doc, query) => vpcmap.trace(doc, query),
  mark: (hops, blocked) => {
    traceMarks = { hops, blocked };
    markTrace();
  },
  failed,
});

const outline = new Outline($('outline'), (id) => {
  select([id]);
  canvas.centreOn([id]);
});
outline.onToggle = () => drawSide();

/** Import files (native or AWS) as one undoable step; on failure the document stays. @param {File[]} files */
async function openFiles(files) {
  if (files.length === 0) return;
  status(`Reading ${files.length} file(s)…`);
  try {
    const inputs = await Promise.all(
      files.map(async (file) => ({ path: file.webkitRelativePath || file.name, text: await file.text() })),
    );
    const imported = await vpcmap.importFiles(inputs);
    canvas.view = null;
    canvas.select([]);
    await history.replace(`Open ${files.map((f) => f.name).join(', ')}`, imported.topology);
    if (imported.notes.length) status(`${$('status').textContent} · ${imported.notes.length} import notes (see console)`);
    for (const note of imported.notes) console.info(`vpcmap: ${note.file}: ${note.message}`);
  } catch (err) {
    failed('Could not open', err);
  }
}

/** The after side of the change on show in the review box, for "Open the after side". */
/** @type {import('./core.js').VpcmapDocument | null} */
let reviewed = null;

/**
 * Review a change: a Terraform plan alone (its prior state → planned values), or the open
 * document → the files. Shows the diff in the review box; the document is not touched.
 * @param {File[]} files
 */
async function compare(files) {
  if (files.length === 0 || !history.doc) return;
  status(`Comparing with ${files.map((f) => f.name).join(', ')}…`);
  try {
    const inputs = await Promise.all(files.map(async (file) => ({ path: file.name, text: await file.text() })));
    const { panel, comparison, change } = await review(history.doc, inputs);
    reviewed = comparison.after;
    const picture = /** @type {Element} */ (panel.querySelector('.vm-diff-picture'));
    panel.addEventListener('click', (event) => {
      const item = event.target instanceof Element ? event.target.closest('li[data-id]') : null;
      if (item) highlight(picture, [item.getAttribute('data-id') ?? '']);
    });
    $('review-body').replaceChildren(panel);
    $('review-box').hidden = false;
    $('review-close').focus();
    const s = change.summary;
    status(`Change: ${s.added} added, ${s.removed} removed, ${s.changed} changed · ${s.introduced} findings introduced, ${s.resolved} resolved`,
      s.introducedErrors > 0 ? 'error' : 'info');
  } catch (err) {
    failed('Could not compare', err);
  }
}

async function share() {
  const doc = history.doc;
  if (!doc) return;
  const url = `${location.origin}${location.pathname}${await encodeFragment(doc)}`;
  const field = /** @type {HTMLInputElement} */ ($('share-url'));
  field.value = url;
  $('share-box').hidden = false;
  field.focus();
  field.select();
  try {
    await navigator.clipboard.writeText(url);
    status(`Link copied (${url.length} characters); the document is inside it, nothing was uploaded.`);
  } catch {
    status(`Link ready (${url.length} characters): copy it from the box above.`);
  }
}

/** @param {'auto' | 'light' | 'dark'} next */
function setTheme(next) {
  theme = next;
  if (next === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = next;
  $('theme-button').textContent = `Theme: ${next}`;
  try {
    localStorage.setItem(THEME_KEY, next);
  } catch {
    // Not remembered; the choice still applies to this page.
  }
}

/** Is the key press meant for a text field (which has its own undo)? @param {EventTarget | null} target */
const typing = (target) => target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

const guarded = (/** @type {string} */ what, /** @type {() => Promise<unknown>} */ action) => () => {
  action().catch((err) => failed(what, err));
};

function wire() {
  const input = /** @type {HTMLInputElement} */ ($('file-input'));
  $('open-button').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    openFiles(Array.from(input.files ?? []));
    input.value = '';
  });
  $('sample-button').addEventListener('click', guarded('Could not show the sample', async () => {
    canvas.view = null;
    await history.replace('Open the sample', await vpcmap.sample());
  }));
  $('save-button').addEventListener('click', () => {
    if (history.doc) download('topology.json', new Blob([JSON.stringify(history.doc, null, 2) + '\n'], { type: 'application/json' }));
  });
  $('export-button').addEventListener('click', guarded('Could not export', async () => {
    if (history.doc) download('diagram.svg', new Blob([await vpcmap.renderSvg(history.doc, { findings: true, theme })], { type: 'image/svg+xml' }));
  }));
  $('png-button').addEventListener('click', guarded('Could not export a PNG', async () => {
    if (history.doc) download('diagram.png', await svgToPng(await vpcmap.renderSvg(history.doc, { findings: true, theme: theme === 'auto' ? 'light' : theme })));
  }));
  $('drawio-button').addEventListener('click', guarded('Could not export a draw.io file', async () => {
    if (history.doc) download('diagram.drawio', new Blob([await vpcmap.toDrawio(history.doc, { theme })], { type: 'application/vnd.jgraph.mxfile' }));
  }));
  $('share-button').addEventListener('click', guarded('Could not make a link', share));
  const compareInput = /** @type {HTMLInputElement} */ ($('compare-input'));
  $('compare-button').addEventListener('click', () => compareInput.click());
  compareInput.addEventListener('change', () => {
    compare(Array.from(compareInput.files ?? []));
    compareInput.value = '';
  });
  $('review-close').addEventListener('click', () => { $('review-box').hidden = true; });
  $('review-open').addEventListener('click', guarded('Could not open the after side', async () => {
    if (!reviewed) return;
    $('review-box').hidden = true;
    canvas.view = null;
    await history.replace('Open the after side of the change', reviewed);
  }));
  $('share-close').addEventListener('click', () => { $('share-box').hidden = true; });
  $('theme-button').addEventListener('click', guarded('Could not switch the theme', async () => {
    setTheme(theme === 'auto' ? 'light' : theme === 'light' ? 'dark' : 'auto');
    if (history.doc) await show(history.doc, history.text);
  }));
  $('undo-button').addEventListener('click', guarded('Could not undo', () => undo()));
  $('redo-button').addEventListener('click', guarded('Could not redo', () => redo()));
  $('zoom-in').addEventListener('click', () => canvas.zoom(1.25));
  $('zoom-out').addEventListener('click', () => canvas.zoom(0.8));
  $('fit-button').addEventListener('click', () => canvas.fit());
  $('connect-button').addEventListener('click', () => setMode(mode === 'connect' ? 'select' : 'connect'));
  $('trace-button').addEventListener('click', () => {
    const panel = $('trace-panel');
    panel.hidden = !panel.hidden;
    $('trace-button').setAttribute('aria-pressed', String(!panel.hidden));
    if (panel.hidden) tracePanel.clear();
    else {
      tracePanel.refresh();
      /** @type {HTMLElement | null} */ (panel.querySelector('input'))?.focus();
    }
  });
  $('relayout-button').addEventListener('click', guarded('Could not re-layout', async () => {
    if (!history.doc?.layout?.pins) {
      status('Nothing is pinned: the layout is already the automatic one.');
      return;
    }
    await history.edit('Re-layout (clear pins)', clearPins);
    status('Pins cleared: the layout places every box again (Undo brings them back).');
  }));
  renderPalette($('palette'), paletteContext);

  document.addEventListener('keydown', (event) => {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && !typing(event.target) && (key === 'z' || key === 'y')) {
      event.preventDefault();
      const action = key === 'y' || event.shiftKey ? redo : undo;
      action().catch((err) => failed('Could not undo/redo', err));
    } else if (mod && !typing(event.target) && key === 'c' && history.doc && canvas.selected.size) {
      copied = copy(history.doc, [...canvas.selected].map(resourceIdOf));
      status(copied.length ? `Copied ${copied.map((c) => c.res.id).join(', ')}` : 'Nothing to copy in the selection');
    } else if (mod && !typing(event.target) && key === 'v' && copied.length) {
      event.preventDefault();
      /** @type {string[]} */
      let pasted = [];
      history.edit(`Paste ${copied.length} resource(s)`, (next) => { pasted = paste(next, copied); })
        .then(() => { select(pasted); status(`Pasted ${pasted.join(', ')}`); }, (err) => failed('Could not paste', err));
    } else if (event.key === 'Escape') {
      setMode('select');
      $('share-box').hidden = true;
      $('review-box').hidden = true;
      if (!typing(event.target)) select([]);
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && event.target === $('diagram') && canvas.selected.size) {
      event.preventDefault();
      /** @type {HTMLElement | null} */ ($('panel').querySelector('.vm-delete button'))?.click();
    }
  });

  const overlay = $('drop-overlay');
  window.addEventListener('dragover', (event) => {
    event.preventDefault();
    overlay.hidden = false;
  });
  window.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) overlay.hidden = true;
  });
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    overlay.hidden = true;
    openFiles(Array.from(event.dataTransfer?.files ?? []));
  });
}

async function undo() {
  const label = await history.undo();
  status(label ? `Undid: ${label}` : 'Nothing to undo');
}

async function redo() {
  const label = await history.redo();
  status(label ? `Redid: ${label}` : 'Nothing to redo');
}

async function init() {
  wire();
  try {
    const savedTheme = localStorage.getItem(THEME_KEY);
    if (savedTheme === 'light' || savedTheme === 'dark') setTheme(savedTheme);
  } catch {
    // No storage: follow the system.
  }
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(await vpcmap.diagramCss());
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    let started = false;
    const saved = savedText(localStorage);
    if (saved) {
      try {
        await history.start(JSON.parse(saved));
        started = true;
      } catch (err) {
        // A saved document that no longer opens is kept aside, never overwritten.
        const key = keepAside(localStorage, saved);
        console.warn(`vpcmap: the saved document could not be opened (${err instanceof Error ? err.message : err}); kept in localStorage under ${key}`);
        await history.start(await vpcmap.sample());
        started = true;
        status(`The saved document could not be opened; it is kept in this browser's storage under "${key}". Showing the sample.`, 'error');
      }
    }
    if (!started) await history.start(await vpcmap.sample());
    if (location.hash.startsWith('#doc=')) {
      const shared = await decodeFragment(location.hash);
      window.history.replaceState(null, '', location.pathname + location.search);
      canvas.view = null;
      await history.replace('Open the shared link', /** @type {Doc} */ (shared));
      status(`Opened the shared design (Undo goes back to your own). ${$('status').textContent}`);
    }
  } catch (err) {
    failed('vpcmap could not start', err);
  }
}

// For scripts (the benchmark) and tests: the document's history and the canvas.
Object.assign(window, { vpcmapEditor: { history, canvas } });

init();
