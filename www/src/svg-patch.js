// @ts-check
// Redraw a shown diagram from the renderer's next SVG text by touching only what changed. An
// edit to a 50-VPC design changes a few of its ~1,100 nodes, edges and badges; parsing the whole
// new SVG and walking its ~4,000 elements costs ≈ 50 ms each on the 2-core machine, and replacing
// it makes Chromium lay out all ~1,000 texts again (≈ 150–250 ms). Here the text is cut into its
// items with string operations, items are compared as strings, and only the changed ones are
// parsed and patched in; when most of them changed, the whole text is parsed once instead.
//
// An item that only moved (an edit that adds a subnet shifts every box below it, and the routes
// between them) differs in its tag's `transform` alone: that one attribute is set, and Chromium
// moves the item without parsing it or laying its texts out again.
//
// It relies on the renderer's shape (src/render/svg.rs, tested there): the root holds a frame
// (title, desc, style, background) and the containers `g.vm-nodes`, `g.vm-edges` and
// `g.vm-badges`, whose children are flat items `<g class="vm-node|vm-edge|vm-badge …" data-id=…>`
// with no `<g>` inside; an item's tag ends with its `transform`, its contents are in its own
// coordinates; attribute values escape `>`. When the shown picture does not have the
// shape this expects, it is replaced whole, which is always correct.

import { morphNode, removeFrom } from './morph.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** One item: a node, edge or badge group (items never nest a `<g>`, so the first `</g>` ends it). */
const ITEM = /<g class="(vm-node|vm-edge|vm-badge)[ "][^>]*>[\s\S]*?<\/g>/g;
/** The container of each item class. */
const CONTAINER = /** @type {const} */ ({ 'vm-node': 'vm-nodes', 'vm-edge': 'vm-edges', 'vm-badge': 'vm-badges' });
/** Beyond this share of changed items, the picture is replaced rather than patched. */
const MOST = 0.5;
/** Root attributes the page owns (the canvas's view), never copied from the renderer. */
const OWNED = new Set(['width', 'height', 'viewBox']);

/** @typedef {{key: string, container: string, text: string}} Item */
/** @typedef {{key: string, container: string, text: string, el: Element}} ShownItem */

/**
 * The frame (the SVG text without its items) and the items in document order, each keyed by its
 * class and `data-id` (a repeated key gets its ordinal, so keys are unique).
 * @param {string} text
 * @returns {{frame: string, items: Item[]}}
 */
export function splitSvg(text) {
  /** @type {Item[]} */
  const items = [];
  /** @type {Map<string, number>} */
  const seen = new Map();
  const frame = text.replace(ITEM, (item, /** @type {keyof typeof CONTAINER} */ cls) => {
    const open = item.slice(0, item.indexOf('>'));
    const id = /data-id="([^"]*)"/.exec(open)?.[1] ?? '';
    let key = `${cls} ${id}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n) key += ` #${n}`;
    items.push({ key, container: CONTAINER[cls], text: item });
    return '';
  });
  return { frame, items };
}

/**
 * An item's placement: the `transform` its tag ends with, and the item's text without it; null
 * when the item is not placed by a transform (not drawn by this renderer).
 * @param {string} text
 * @returns {{transform: string, rest: string} | null}
 */
export function placement(text) {
  const end = text.indexOf('>');
  // Searching backwards from the tag's end finds only the tag's own attribute.
  const at = text.lastIndexOf(' transform="', end);
  if (at < 0 || text[end - 1] !== '"') return null;
  const transform = text.slice(at + ' transform="'.length, end - 1);
  // Not the tag's last attribute: not a placement this module knows.
  if (transform.includes('"')) return null;
  return { transform, rest: text.slice(0, at) + text.slice(end) };
}

/**
 * Parse SVG markup (as XML, never as HTML) into its root element, left in its own document.
 * @param {string} text
 */
function parse(text) {
  const root = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  if (root.nodeName !== 'svg' || root.namespaceURI !== SVG_NS) throw new Error('the renderer returned no SVG');
  return /** @type {SVGSVGElement} */ (/** @type {unknown} */ (root));
}

/** The container class of a root child, or null for a frame element. @param {Element} el */
const containerOf = (el) => {
  const cls = el.localName === 'g' ? el.getAttribute('class') : null;
  return cls === 'vm-nodes' || cls === 'vm-edges' || cls === 'vm-badges' ? cls : null;
};

export class SvgPatcher {
  constructor() {
    /** The picture this patcher last produced, with its frame text and items. */
    /** @type {{svg: SVGSVGElement, frame: string, items: Map<string, ShownItem>} | null} */
    this.shown = null;
  }

  /**
   * The picture for `text`: `current` patched in place when it is the one this patcher last
   * produced, else a new element (the caller puts it in the page).
   * @param {SVGSVGElement | null} current @param {string} text
   * @returns {SVGSVGElement}
   */
  draw(current, text) {
    const next = splitSvg(text);
    if (current && this.shown?.svg === current && this.patch(current, next)) return current;
    return this.replace(text, next);
  }

  /** A new picture from the whole text. @param {string} text @param {{frame: string, items: Item[]}} next */
  replace(text, next) {
    const svg = parse(text);
    /** @type {Map<string, ShownItem>} */
    const items = new Map();
    const els = Array.from(svg.children).flatMap((child) => (containerOf(child) ? Array.from(child.children) : []));
    if (els.length === next.items.length) {
      next.items.forEach((item, i) => items.set(item.key, { ...item, el: els[i] }));
      this.shown = { svg, frame: next.frame, items };
    } else {
      // Not the shape this module expects (see the header): the next redraw replaces it too.
      this.shown = null;
    }
    return svg;
  }

  /**
   * Patch `svg` into `next`; false when the two do not line up (the caller then replaces the
   * picture, so a half-done patch is never shown).
   * @param {SVGSVGElement} svg @param {{frame: string, items: Item[]}} next
   */
  patch(svg, next) {
    const shown = /** @type {NonNullable<typeof this.shown>} */ (this.shown);
    /** @type {Map<string, Element>} */
    const containers = new Map();
    for (const child of Array.from(svg.children)) {
      const name = containerOf(child);
      if (name) containers.set(name, child);
    }
    for (const item of next.items) if (!containers.has(item.container)) return false;
    if (next.frame !== shown.frame && !this.patchFrame(svg, next.frame, containers)) return false;

    // Items that only moved get their new transform; changed and new items are parsed together,
    // in one small document.
    /** @type {Map<string, string>} */
    const moves = new Map();
    const fresh = next.items.filter((item) => {
      const old = shown.items.get(item.key);
      if (old?.text === item.text) return false;
      const [was, now] = old ? [placement(old.text), placement(item.text)] : [null, null];
      if (was && now && was.rest === now.rest) {
        moves.set(item.key, now.transform);
        return false;
      }
      return true;
    });
    // When most items changed more than their place (every edge re-routed and most boxes
    // resized), one parse of the whole text beats parsing the items and morphing them attribute
    // by attribute (measured before moves were told apart, when every moved box counted: a
    // subnet added at 1,000 VPCs ≈ 1.7 s against ≈ 3.1 s per edit; at 200, ≈ 0.33 s against
    // ≈ 0.48 s).
    if (fresh.length > next.items.length * MOST) return false;
    const parsed = fresh.length ? Array.from(parse(`<svg xmlns="${SVG_NS}">${fresh.map((i) => i.text).join('')}</svg>`).children) : [];
    if (parsed.length !== fresh.length) return false;
    /** @type {Map<string, Element>} */
    const parsedByKey = new Map(fresh.map((item, i) => [item.key, parsed[i]]));

    // Items the new picture no longer has leave first: the walk below moves an element only when
    // the order changed, and a gone element left in its way would make it move every item after
    // it (each move lays that item's texts out again).
    const kept = new Set(next.items.map((item) => item.key));
    for (const [key, old] of shown.items) if (!kept.has(key)) old.el.remove();

    /** @type {Map<string, ShownItem>} */
    const items = new Map();
    for (const [name, container] of containers) {
      let cursor = container.firstChild;
      for (const item of next.items) {
        if (item.container !== name) continue;
        const old = shown.items.get(item.key);
        const replacement = parsedByKey.get(item.key);
        /** @type {Element} */
        let el;
        if (!replacement && old) {
          el = old.el;
          const transform = moves.get(item.key);
          if (transform !== undefined) el.setAttribute('transform', transform);
        } else if (old && replacement && old.el.localName === replacement.localName) {
          morphNode(old.el, replacement);
          el = old.el;
        } else el = /** @type {Element} */ (replacement);
        if (el === cursor) cursor = cursor.nextSibling;
        else container.insertBefore(el, cursor);
        items.set(item.key, { ...item, el });
      }
      // Anything still after the cursor is not in the new picture.
      removeFrom(cursor);
    }
    this.shown = { svg, frame: next.frame, items };
    return true;
  }

  /**
   * Bring the frame (root attributes, title, desc, style, background) up to date, leaving the
   * containers' items alone; false when the two frames have different elements.
   * @param {SVGSVGElement} svg @param {string} frameText @param {Map<string, Element>} containers
   */
  patchFrame(svg, frameText, containers) {
    const frame = parse(frameText);
    const live = Array.from(svg.children);
    const wanted = Array.from(frame.children);
    if (live.length !== wanted.length) return false;
    for (let i = 0; i < live.length; i++) {
      if (live[i].localName !== wanted[i].localName || containerOf(live[i]) !== containerOf(wanted[i])) return false;
    }
    for (const name of frame.getAttributeNames()) {
      const value = frame.getAttribute(name);
      if (!OWNED.has(name) && value !== null && svg.getAttribute(name) !== value) svg.setAttribute(name, value);
    }
    for (const name of svg.getAttributeNames()) if (!OWNED.has(name) && !frame.hasAttribute(name)) svg.removeAttribute(name);
    for (let i = 0; i < live.length; i++) if (!containers.has(containerOf(live[i]) ?? '')) morphNode(live[i], wanted[i]);
    return true;
  }
}
