// @ts-check
// <vpc-map>: a live, checked AWS network diagram for any page or docs site.
//
//   <vpc-map src="topology.json"></vpc-map>          (vpcmap, AWS describe-* or Terraform JSON)
//   <vpc-map findings="list" trace-from="subnet-a" trace-to="internet">
//     <script type="application/json">{"format": "vpcmap/1", …}</script>
//   </vpc-map>
//
// The diagram is the core's SVG, parsed as XML into an open shadow root; its stylesheet and the
// element's own are constructed stylesheets adopted by the shadow root, so the element works under
// a strict Content-Security-Policy (`style-src 'self'`). Every diagram colour is a custom property
// a page can set on the element: `--vpc-map-vpc`, `--vpc-map-bg`, … (the `--vm-*` names of the
// diagram stylesheet with `vpc-map-` in place of `vm-`), plus the frame's own `--vpc-map-border`,
// `--vpc-map-trace` and friends. The viewer is this one module; `editable` loads the editor
// (vpc-map-editor.js) on first use. The document is the source of truth, never the DOM.

import * as vpcmap from './vpcmap.js';
import { findingItems, highlight, parseSvg } from './findings.js';

/** @typedef {import('./core.js').VpcmapDocument} VpcmapDocument */
/** @typedef {import('./core.js').Report} Report */
/** @typedef {import('./core.js').Finding} Finding */
/** @typedef {import('./core.js').Trace} Trace */
/** @typedef {import('./core.js').TraceQuery} TraceQuery */
/** @typedef {import('./core.js').RenderOptions} RenderOptions */

const ELEMENT_CSS = `
:host{display:block;box-sizing:border-box;position:relative;overflow:hidden;color:var(--vpc-map-fg,inherit);background:var(--vpc-map-background,transparent);
  border:var(--vpc-map-border,1px solid #d5dbe3);border-radius:var(--vpc-map-radius,6px);font:var(--vpc-map-font,14px/1.45 system-ui,sans-serif)}
:host([hidden]){display:none}
.frame{display:flex;flex-direction:column;height:100%;box-sizing:border-box}
.diagram{flex:1 1 auto;min-height:0;overflow:auto}
.diagram svg{display:block;max-width:100%;height:auto;margin:0 auto}
:host([height]) .diagram svg{max-height:100%;width:auto}
.diagram [data-id]{cursor:pointer}
.vm-selected>rect.vm-box,.vm-selected>path:not(.vm-icon){stroke:var(--vpc-map-accent,#7d5ac6)!important;stroke-width:4!important}
.vm-trace>rect.vm-box,.vm-trace>path:not(.vm-icon){stroke:var(--vpc-map-trace,#0a7d2c)!important;stroke-width:4!important}
.vm-trace-blocked>rect.vm-box,.vm-trace-blocked>path:not(.vm-icon){stroke:var(--vpc-map-trace-blocked,#c62828)!important;stroke-width:4!important;stroke-dasharray:6 3}
.note{margin:0;padding:6px 10px;border-top:1px solid var(--vpc-map-line,#d5dbe3);font-size:13px}
.note[hidden],.findings[hidden]{display:none}
.note.error{color:var(--vpc-map-error,#c62828);font-weight:600}
.findings{list-style:none;margin:0;padding:8px;display:grid;gap:6px;max-height:40%;overflow:auto;border-top:1px solid var(--vpc-map-line,#d5dbe3)}
.vm-finding{border:1px solid var(--vpc-map-line,#d5dbe3);border-left-width:4px;border-radius:6px;padding:6px 8px;cursor:pointer}
.vm-finding-error{border-left-color:var(--vpc-map-error,#c62828)}
.vm-finding-warning{border-left-color:var(--vpc-map-warning,#9a4f00)}
.vm-finding-info{border-left-color:var(--vpc-map-info,#2f6fb5)}
.vm-finding-none{cursor:default}
.vm-finding:focus-visible{outline:2px solid var(--vpc-map-accent,#7d5ac6)}
.vm-finding-head{font-size:12px}
.vm-severity{text-transform:uppercase;font-weight:700}
.vm-message,.vm-hint{margin:2px 0 0}
.vm-hint{color:var(--vpc-map-info,#2f6fb5)}
`;

/**
 * The diagram stylesheet with every colour overridable from outside: `--vm-vpc:#7d5ac6` becomes
 * `--vm-vpc:var(--vpc-map-vpc,#7d5ac6)`, so a page's `vpc-map{--vpc-map-vpc:…}` (inherited into
 * the shadow tree) wins in both themes and the theme's own value stays the fallback.
 * @param {string} css
 */
export function themeable(css) {
  return css.replace(/--vm-([a-z0-9-]+):([^;}]+)/g, '--vm-$1:var(--vpc-map-$1,$2)');
}

/** @type {Promise<CSSStyleSheet[]> | null} one pair of sheets shared by every element */
let sheets = null;
function styleSheets() {
  sheets ??= vpcmap.diagramCss().then((css) => {
    const diagram = new CSSStyleSheet();
    diagram.replaceSync(themeable(css));
    const element = new CSSStyleSheet();
    element.replaceSync(ELEMENT_CSS);
    return [diagram, element];
  });
  return sheets;
}

/** @param {string | null} value @param {string[]} allowed */
const oneOf = (value, allowed) => (value && allowed.includes(value) ? value : allowed[0]);

/** @param {string} name @param {unknown} detail */
const event = (name, detail) => new CustomEvent(name, { detail, bubbles: true, composed: true });

export class VpcMapElement extends HTMLElement {
  static observedAttributes = ['src', 'theme', 'findings', 'trace-from', 'trace-to', 'height', 'editable'];

  /** @type {VpcmapDocument | null} */ #doc = null;
  /** the document came from the `document` property or the editor, not from src or a child */
  #own = false;
  /** @type {Report | null} */ #report = null;
  /** @type {Trace | null} */ #trace = null;
  #generation = 0;
  /** @type {Promise<void>} */ #ready = Promise.resolve();
  /** @type {{update(doc: VpcmapDocument): void} | null} */ #editor = null;
  #diagram;
  #findings;
  #note;
  #frame;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    this.#frame = document.createElement('div');
    this.#frame.className = 'frame';
    this.#frame.part.add('frame');
    this.#diagram = document.createElement('div');
    this.#diagram.className = 'diagram';
    this.#diagram.part.add('diagram');
    this.#diagram.setAttribute('role', 'figure');
    this.#note = document.createElement('p');
    this.#note.className = 'note';
    this.#note.part.add('note');
    this.#note.setAttribute('role', 'status');
    this.#note.hidden = true;
    this.#findings = document.createElement('ol');
    this.#findings.className = 'findings';
    this.#findings.part.add('findings');
    this.#findings.setAttribute('aria-label', 'Findings');
    this.#findings.hidden = true;
    this.#frame.append(this.#diagram, this.#note, this.#findings);
    root.append(this.#frame);
    this.#diagram.addEventListener('click', (click) => this.#select(click));
    // An inline document may arrive after the element (the parser, a framework): reload on change.
    new MutationObserver(() => {
      if (!this.#own && !this.hasAttribute('src')) this.#reload();
    }).observe(this, { childList: true, subtree: true, characterData: true });
  }

  connectedCallback() {
    this.#applyHeight();
    this.#reload();
    if (this.hasAttribute('editable')) this.#openEditor();
  }

  /** @param {string} name @param {string | null} old @param {string | null} value */
  attributeChangedCallback(name, old, value) {
    if (old === value || !this.isConnected) return;
    if (name === 'src') this.#reload();
    else if (name === 'height') this.#applyHeight();
    else if (name === 'editable') this.#openEditor();
    else this.#ready = this.#render(false);
  }

  /** The document on show (a vpcmap document, as imported from src or the inline JSON). */
  get document() {
    return this.#doc;
  }

  /** Show another document; `change` fires once it is drawn. @param {VpcmapDocument | string | null} doc */
  set document(doc) {
    this.#own = doc !== null;
    if (doc === null) {
      this.#reload();
      return;
    }
    this.#ready = this.#show(typeof doc === 'string' ? JSON.parse(doc) : doc);
  }

  /** Resolves when the latest load or redraw has finished (drawn, or its error shown). */
  get ready() {
    return this.#ready;
  }

  /** The findings of the document on show. @returns {Promise<Report>} */
  validate() {
    return vpcmap.validate(this.#required());
  }

  /**
   * Trace a path in the document on show; by default between `trace-from` and `trace-to`.
   * @param {Partial<TraceQuery>} [query]
   * @returns {Promise<Trace>}
   */
  trace(query = {}) {
    const from = query.from ?? this.getAttribute('trace-from') ?? '';
    const to = query.to ?? this.getAttribute('trace-to') ?? '';
    return vpcmap.trace(this.#required(), { ...query, from, to });
  }

  /**
   * The diagram on show as self-contained SVG text (its stylesheet inline), as `vpcmap render` writes it.
   * @param {RenderOptions} [options]
   * @returns {Promise<string>}
   */
  toSVG(options = {}) {
    return vpcmap.renderSvg(this.#required(), { ...this.#renderOptions(), ...options });
  }

  #required() {
    if (!this.#doc) throw new Error('<vpc-map> has no document yet (see the `ready` promise)');
    return this.#doc;
  }

  /** @returns {RenderOptions} */
  #renderOptions() {
    const theme = /** @type {'auto' | 'light' | 'dark'} */ (oneOf(this.getAttribute('theme'), ['auto', 'light', 'dark']));
    return { theme, findings: this.#findingsMode() !== 'hide' };
  }

  #findingsMode() {
    return oneOf(this.getAttribute('findings'), ['show', 'hide', 'list']);
  }

  #applyHeight() {
    const height = this.getAttribute('height');
    // CSSOM, not a style attribute: allowed under `style-src 'self'`.
    this.style.height = !height ? '' : /^\d+(\.\d+)?$/.test(height) ? `${height}px` : height;
  }

  /** Load from `src` or the inline `<script type="application/json">` (unless a document was set). */
  #reload() {
    if (this.#own) return;
    const src = this.getAttribute('src');
    const inline = this.querySelector('script[type="application/json"]');
    if (!src && !inline) return;
    const generation = ++this.#generation;
    this.#ready = (async () => {
      try {
        let path = 'inline.json';
        let text = inline?.textContent ?? '';
        if (src) {
          const url = new URL(src, document.baseURI);
          // Only documents are fetched: a `javascript:` or other scheme in `src` is an error.
          if (!['http:', 'https:', 'blob:', 'data:', 'file:'].includes(url.protocol)) {
            throw new Error(`${src}: expected an http(s), blob: or data: URL of a document`);
          }
          const response = await fetch(url);
          if (!response.ok) throw new Error(`${src}: HTTP ${response.status}`);
          path = url.pathname.split('/').pop() || src;
          text = await response.text();
        }
        // importFiles detects the kind: a vpcmap document, AWS describe-* or Terraform JSON.
        const imported = await vpcmap.importFiles([{ path, text }]);
        if (generation !== this.#generation) return;
        await this.#show(imported.topology);
      } catch (err) {
        if (generation === this.#generation) this.#fail(err);
      }
    })();
  }

  /** @param {VpcmapDocument} doc */
  async #show(doc) {
    this.#doc = doc;
    await this.#render(true);
  }

  /** Draw the current document; `changed` fires `change` once drawn. @param {boolean} changed */
  async #render(changed) {
    const doc = this.#doc;
    if (!doc) return;
    const generation = ++this.#generation;
    try {
      const options = { ...this.#renderOptions(), style: false };
      // With badges, one `draw` parses and validates once for both the picture and the list.
      const drawn = options.findings
        ? vpcmap.draw(doc, options)
        : Promise.all([vpcmap.renderSvg(doc, options), vpcmap.validate(doc)]).then(([svg, report]) => ({ svg, report }));
      const [{ svg: svgText, report }, adopted] = await Promise.all([drawn, styleSheets()]);
      const { trace, traceNote } = await this.#traceAttributes(doc);
      if (generation !== this.#generation) return;
      const root = /** @type {ShadowRoot} */ (this.shadowRoot);
      if (root.adoptedStyleSheets.length === 0) root.adoptedStyleSheets = adopted;
      this.#diagram.replaceChildren(parseSvg(svgText));
      this.#report = report;
      this.#trace = trace;
      this.#findings.hidden = this.#findingsMode() !== 'list';
      this.#findings.replaceChildren(...findingItems(report, (finding) => this.#pickFinding(finding)));
      if (trace) {
        const ids = [trace.from.id, ...trace.hops.map((hop) => hop.resource), trace.to.id];
        highlight(this.#diagram, ids, 'vm-trace');
        if (trace.blocked) highlight(this.#diagram, [trace.blocked.resource], 'vm-trace-blocked');
      }
      this.#setNote(traceNote, false);
      this.#editor?.update(doc);
      if (changed) this.dispatchEvent(event('change', { document: doc, report }));
    } catch (err) {
      if (generation === this.#generation) this.#fail(err);
    }
  }

  /**
   * The trace asked for by `trace-from`/`trace-to`, and a one-line note on it.
   * @param {VpcmapDocument} doc
   * @returns {Promise<{trace: Trace | null, traceNote: string}>}
   */
  async #traceAttributes(doc) {
    const from = this.getAttribute('trace-from');
    const to = this.getAttribute('trace-to');
    if (!from || !to) return { trace: null, traceNote: '' };
    try {
      const trace = await vpcmap.trace(doc, { from, to });
      const verdict = trace.reachable ? 'reachable' : `blocked${trace.blocked ? `: ${trace.blocked.message}` : ''}`;
      return { trace, traceNote: `${from} → ${to}: ${verdict}` };
    } catch (err) {
      return { trace: null, traceNote: `${from} → ${to}: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** @param {string} text @param {boolean} isError */
  #setNote(text, isError) {
    this.#note.textContent = text;
    this.#note.hidden = !text;
    this.#note.classList.toggle('error', isError);
  }

  /** Show why nothing (new) could be drawn; the previous diagram, if any, stays. @param {unknown} err */
  #fail(err) {
    const message = err instanceof Error ? err.message : String(err);
    this.#setNote(message, true);
    this.dispatchEvent(event('error', { message }));
  }

  /** @param {MouseEvent} click */
  #select(click) {
    const target = /** @type {Element | null} */ (click.target);
    const node = target?.closest('[data-id]');
    if (!node) return;
    const id = node.getAttribute('data-id') ?? '';
    highlight(this.#diagram, [id]);
    this.dispatchEvent(event('select', { id, kind: node.getAttribute('data-kind') }));
  }

  /** @param {Finding} finding */
  #pickFinding(finding) {
    highlight(this.#diagram, finding.resources)[0]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    this.dispatchEvent(event('finding', { finding }));
  }

  async #openEditor() {
    if (this.#editor || !this.hasAttribute('editable')) return;
    const { createEditor } = await import('./vpc-map-editor.js');
    if (this.#editor) return;
    this.#editor = createEditor({
      parent: this.#frame,
      apply: (doc) => {
        this.#own = true;
        this.#ready = this.#show(doc);
        return this.#ready;
      },
      failed: (err) => this.#fail(err),
    });
    if (this.#doc) this.#editor.update(this.#doc);
  }

  /** The latest findings and trace (null before the first draw). */
  get report() {
    return this.#report;
  }

  get lastTrace() {
    return this.#trace;
  }
}

if (!customElements.get('vpc-map')) customElements.define('vpc-map', VpcMapElement);
