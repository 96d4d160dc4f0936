// @ts-check
// The editable mode of <vpc-map> (loaded only when the `editable` attribute is set, so a viewer
// never downloads it): the document as JSON text that re-validates and redraws as you type, and
// "Open files…" for vpcmap, AWS describe-* or Terraform JSON, imported by the core exactly as the
// design tool imports them. A text that does not parse or import leaves the diagram as it was.

import * as vpcmap from './vpcmap.js';

/** @typedef {import('./core.js').VpcmapDocument} VpcmapDocument */

/**
 * @param {{parent: HTMLElement, apply: (doc: VpcmapDocument) => Promise<void>, failed: (err: unknown) => void}} host
 */
export function createEditor({ parent, apply, failed }) {
  const panel = document.createElement('div');
  panel.className = 'editor';
  panel.part.add('editor');
  const bar = document.createElement('div');
  bar.className = 'editor-bar';
  const open = document.createElement('button');
  open.type = 'button';
  open.textContent = 'Open files…';
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.accept = '.json,application/json';
  input.hidden = true;
  const label = document.createElement('span');
  label.textContent = 'Edit the JSON: the diagram follows as you type.';
  bar.append(open, input, label);
  const text = document.createElement('textarea');
  text.spellcheck = false;
  text.setAttribute('aria-label', 'vpcmap document (JSON)');
  panel.append(bar, text);
  parent.append(panel);

  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`.editor{display:grid;grid-template-rows:auto 1fr;border-top:1px solid var(--vpc-map-line,#d5dbe3);min-height:14em}
.editor-bar{display:flex;gap:8px;align-items:center;padding:6px 8px;font-size:13px}
.editor textarea{font:12px/1.4 ui-monospace,monospace;border:0;border-top:1px solid var(--vpc-map-line,#d5dbe3);padding:8px;resize:vertical;min-height:12em;background:transparent;color:inherit}`);
  const root = /** @type {ShadowRoot} */ (parent.getRootNode());
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];

  /** @type {VpcmapDocument | null} the document the text was last applied as */
  let applied = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  /** Parse and import the text as the design tool imports a file, then show it. */
  async function applyText() {
    try {
      const imported = await vpcmap.importFiles([{ path: 'editor.json', text: text.value }]);
      applied = imported.topology;
      await apply(applied);
    } catch (err) {
      failed(err);
    }
  }

  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(applyText, 300);
  });
  open.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length === 0) return;
    try {
      const inputs = await Promise.all(files.map(async (file) => ({ path: file.webkitRelativePath || file.name, text: await file.text() })));
      const imported = await vpcmap.importFiles(inputs);
      await apply(imported.topology);
    } catch (err) {
      failed(err);
    }
  });

  return {
    /** Show `doc` as text, unless it is what the text was just applied as (the caret stays). @param {VpcmapDocument} doc */
    update(doc) {
      if (doc !== applied) text.value = `${JSON.stringify(doc, null, 2)}\n`;
    },
  };
}
