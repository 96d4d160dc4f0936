// @ts-check
// The design tool page: shows a document's diagram and findings, opens and drops files,
// saves the document, and keeps the user's work in localStorage. The DOM is built with
// createElement/textContent only; the diagram is our renderer's SVG, parsed as XML.

import * as vpcmap from './vpcmap.js';
import { findingItems, highlight, parseSvg } from './findings.js';

const STORAGE_KEY = 'vpcmap:document';

/** @type {any} the current vpcmap document */
let current = null;

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

/** Wrap an event handler so that a failure is reported, never left as an unhandled rejection. */
const guarded = (/** @type {string} */ what, /** @type {() => Promise<unknown>} */ action) => () => {
  action().catch((err) => failed(what, err));
};

/** Replace the children of `parent` with `children`. @param {Element} parent @param {Node[]} children */
function replaceChildren(parent, children) {
  parent.replaceChildren(...children);
}

/**
 * Show a document: diagram, findings, title. Throws (leaving the page as it was) if it is invalid.
 * @param {import('./core.js').VpcmapDocument} doc
 */
async function show(doc) {
  const [svgText, report] = await Promise.all([
    vpcmap.renderSvg(doc, { findings: true, style: false }),
    vpcmap.validate(doc),
  ]);
  replaceChildren($('diagram'), [parseSvg(svgText)]);
  renderFindings(report);
  current = doc;
  $('doc-name').textContent = doc.name ?? '';
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(doc));
  } catch {
    // Storage full or disabled: the document is still on screen; saving is best effort.
  }
  const { errors, warnings, info } = report.summary;
  status(`${doc.vpcs?.length ?? 0} VPCs · ${errors} errors, ${warnings} warnings, ${info} info`);
}

/** @param {import('./core.js').Report} report */
function renderFindings(report) {
  const select = (/** @type {import('./core.js').Finding} */ finding) => {
    highlight($('diagram'), finding.resources)[0]?.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
  };
  replaceChildren($('findings'), findingItems(report, select));
  $('findings-count').textContent = String(report.findings.length);
}

/** Import files (native or AWS); on failure the current document stays. @param {File[]} files */
async function openFiles(files) {
  if (files.length === 0) return;
  status(`Reading ${files.length} file(s)…`);
  try {
    const inputs = await Promise.all(
      files.map(async (file) => ({ path: file.webkitRelativePath || file.name, text: await file.text() })),
    );
    const imported = await vpcmap.importFiles(inputs);
    await show(imported.topology);
    if (imported.notes.length) status(`${$('status').textContent} · ${imported.notes.length} import notes (see console)`);
    for (const note of imported.notes) console.info(`vpcmap: ${note.file}: ${note.message}`);
  } catch (err) {
    failed('Could not open', err);
  }
}

/** @param {string} name @param {string} type @param {string} text */
function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function wire() {
  const input = /** @type {HTMLInputElement} */ ($('file-input'));
  $('open-button').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    openFiles(Array.from(input.files ?? []));
    input.value = '';
  });
  $('sample-button').addEventListener('click', guarded('Could not show the sample', async () => show(await vpcmap.sample())));
  $('save-button').addEventListener('click', () => {
    if (current) download('topology.json', 'application/json', JSON.stringify(current, null, 2) + '\n');
  });
  $('export-button').addEventListener('click', guarded('Could not export', async () => {
    if (current) download('diagram.svg', 'image/svg+xml', await vpcmap.renderSvg(current, { findings: true }));
  }));
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

async function init() {
  wire();
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(await vpcmap.diagramCss());
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    let doc = null;
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved) {
      try {
        doc = JSON.parse(saved);
        await show(doc);
        return;
      } catch {
        // A saved document that no longer loads is kept aside, never overwritten silently.
        localStorage.setItem(`${STORAGE_KEY}:unreadable`, saved);
      }
    }
    await show(await vpcmap.sample());
  } catch (err) {
    failed('vpcmap could not start', err);
  }
}

init();
