// @ts-check
// The diagram canvas: the core's SVG with zoom (wheel or pinch, buttons, +/- keys), pan (drag the
// background, arrow keys), fit-to-screen, selection (click, shift-click, shift-drag a box) and
// hover. Zoom and pan only change the SVG's viewBox, so the picture stays vector-sharp and
// survives a redraw: a new SVG after an edit keeps the view the user had. Dragging a box reports
// the move in diagram units; the page turns that into a layout pin (the canvas never edits the
// document: the DOM is not the source of truth).

import { SvgPatcher } from '../svg-patch.js';

/** @typedef {{x: number, y: number, w: number, h: number}} View */
/** @typedef {{x: number, y: number, width: number, height: number}} Box */

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The fitted view's margin on each side, as a share of the diagram's width or height. */
const FIT_MARGIN = 0.02;
/** How much larger than a new fit a fitted view may be and still be kept across a redraw. */
const FIT_SLACK = 1.08;
/** Pointer travel (screen pixels) before a press becomes a drag. */
const DRAG_SLOP = 4;

/**
 * Where an element's `transform` puts it: the sum of its translations (the renderer places each
 * node with one; a drag in progress adds another).
 * @param {Element} el
 */
export function offsetOf(el) {
  let x = 0;
  let y = 0;
  for (const [, dx, dy] of (el.getAttribute('transform') ?? '').matchAll(/translate\(\s*([^\s,)]+)[\s,]+([^\s,)]+)\s*\)/g)) {
    x += Number(dx);
    y += Number(dy);
  }
  return { x, y };
}

/**
 * The box of a diagram node element (its `rect.vm-box`, drawn in the node's own coordinates), or
 * null for edges. @param {Element} el @returns {Box | null}
 */
export function boxOf(el) {
  const rect = el.querySelector(':scope > rect.vm-box');
  if (!rect) return null;
  const n = (/** @type {string} */ name) => Number(rect.getAttribute(name) ?? 0);
  const at = offsetOf(el);
  return { x: at.x + n('x'), y: at.y + n('y'), width: n('width'), height: n('height') };
}

/** @param {Box} outer @param {Box} inner */
const contains = (outer, inner) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

export class Canvas {
  /**
   * @param {HTMLElement} host the focusable element that holds the SVG
   * @param {{
   *   onClick: (id: string | null, additive: boolean) => void,
   *   onBoxSelect: (ids: string[], additive: boolean) => void,
   *   onHover: (id: string | null, clientX: number, clientY: number) => void,
   *   onMove: (ids: string[], dx: number, dy: number) => void,
   * }} handlers
   */
  constructor(host, handlers) {
    this.host = host;
    /** The pane the SVG is drawn in (see styles.css: a change inside it is laid out from it). */
    this.pane = document.createElement('div');
    this.pane.className = 'vm-pane';
    host.replaceChildren(this.pane);
    this.handlers = handlers;
    /** @type {SVGSVGElement | null} */
    this.svg = null;
    this.patcher = new SvgPatcher();
    /** The whole diagram's extent (the renderer's viewBox). @type {View} */
    this.extent = { x: 0, y: 0, w: 1, h: 1 };
    /** @type {View | null} */
    this.view = null;
    /** @type {Set<string>} */
    this.selected = new Set();
    /** The elements a drag has displaced, with the `transform` each was drawn with. @type {Map<Element, string | null>} */
    this.dragged = new Map();
    /** Whether the view is the fitted one: a redraw that grows the diagram then fits again. */
    this.fitted = true;
    this.wire();
  }

  /**
   * Show the renderer's next SVG, keeping the current view (the first one is fitted). The shown
   * picture is patched where it can be (`SvgPatcher`): only what changed is parsed and laid out
   * again, and elements of unchanged resources stay the same objects.
   * @param {string} svgText
   */
  setSvg(svgText) {
    // Boxes a drag left displaced go back to their drawn place first, so the patcher (which
    // compares texts, not the DOM) finds them as it drew them; the new picture then moves them
    // where the layout put them, in the same task, so no frame shows them back at the start.
    for (const [el, placed] of this.dragged) {
      if (placed === null) el.removeAttribute('transform');
      else el.setAttribute('transform', placed);
    }
    this.dragged.clear();
    const svg = this.patcher.draw(this.svg && this.svg.parentNode === this.pane ? this.svg : null, svgText);
    const [x, y, w, h] = (/viewBox="([^"]*)"/.exec(svgText)?.[1] ?? '0 0 1 1').split(/\s+/).map(Number);
    this.extent = { x, y, w, h };
    if (svg !== this.svg) {
      svg.setAttribute('width', '100%');
      svg.setAttribute('height', '100%');
      this.svg = svg;
      this.pane.replaceChildren(svg);
    }
    if (!this.view || (this.fitted && !this.fitsStill())) this.fit();
    else this.writeView();
    this.mark();
  }

  /** Show the current view; a view set by zoom or pan is the user's own (kept across redraws). */
  apply() {
    this.fitted = false;
    this.writeView();
  }

  /** Put the view on the shown SVG (a new picture has the renderer's viewBox until then). */
  writeView() {
    if (!this.svg || !this.view) return;
    const { x, y, w, h } = this.view;
    const viewBox = `${x} ${y} ${w} ${h}`;
    // Chromium lays out every text of the SVG again on any viewBox write, even an unchanged one.
    if (this.svg.getAttribute('viewBox') !== viewBox) this.svg.setAttribute('viewBox', viewBox);
  }

  /** The view that shows the whole diagram, with a margin. @returns {View} */
  fittedView() {
    const { x, y, w, h } = this.extent;
    return { x: x - w * FIT_MARGIN, y: y - h * FIT_MARGIN, w: w * (1 + 2 * FIT_MARGIN), h: h * (1 + 2 * FIT_MARGIN) };
  }

  /**
   * Whether the fitted view still shows the whole diagram about as large as a new fit would:
   * then a redraw keeps it. A new viewBox makes Chromium lay out every text of the picture again
   * (≈ 18 ms of a subnet added at 50 VPCs, against ≈ 4 ms for the patch's own layout), and
   * most edits grow or shrink the diagram by less than its margin.
   */
  fitsStill() {
    const view = this.view;
    if (!view) return false;
    const { x, y, w, h } = this.extent;
    const fresh = this.fittedView();
    const inside = x >= view.x && y >= view.y && x + w <= view.x + view.w && y + h <= view.y + view.h;
    return inside && view.w <= fresh.w * FIT_SLACK && view.h <= fresh.h * FIT_SLACK;
  }

  /** Show the whole diagram. */
  fit() {
    this.view = this.fittedView();
    this.writeView();
    this.fitted = true;
  }

  /** The zoom factor against the fitted view (1 = whole diagram). */
  get zoomLevel() {
    return this.view ? this.extent.w / this.view.w : 1;
  }

  /**
   * Zoom by `factor` (>1 zooms in) keeping the diagram point `at` where it is (default: centre).
   * @param {number} factor @param {{x: number, y: number}} [at]
   */
  zoom(factor, at) {
    if (!this.view) return;
    const view = this.view;
    const w = Math.min(Math.max(view.w / factor, this.extent.w / 40), this.extent.w * 8);
    const applied = view.w / w;
    const cx = at?.x ?? view.x + view.w / 2;
    const cy = at?.y ?? view.y + view.h / 2;
    this.view = { x: cx - (cx - view.x) / applied, y: cy - (cy - view.y) / applied, w, h: view.h / applied };
    this.apply();
  }

  /** Pan by a fraction of the view (arrow keys) or by diagram units. @param {number} dx @param {number} dy */
  pan(dx, dy) {
    if (!this.view) return;
    this.view = { ...this.view, x: this.view.x + dx, y: this.view.y + dy };
    this.apply();
  }

  /** Centre the view on the elements of `ids` (zooming out if they do not fit). @param {Iterable<string>} ids */
  centreOn(ids) {
    const boxes = this.elements(ids).map(boxOf).filter((b) => b !== null);
    if (!this.view || boxes.length === 0) return;
    const x0 = Math.min(...boxes.map((b) => b.x));
    const y0 = Math.min(...boxes.map((b) => b.y));
    const x1 = Math.max(...boxes.map((b) => b.x + b.width));
    const y1 = Math.max(...boxes.map((b) => b.y + b.height));
    const scale = Math.max((x1 - x0) / (this.view.w * 0.9), (y1 - y0) / (this.view.h * 0.9), 1);
    const w = this.view.w * scale;
    const h = this.view.h * scale;
    this.view = { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w, h };
    this.apply();
  }

  /** The diagram elements (nodes and edges) of `ids`. @param {Iterable<string>} ids @returns {Element[]} */
  elements(ids) {
    if (!this.svg) return [];
    const wanted = new Set(ids);
    if (wanted.size === 0) return [];
    // A few ids (the usual selection or trace) are looked up by selector; reading the id of all
    // ~1,100 items at 50 VPCs took ≈ 10 ms a redraw.
    if (wanted.size <= 32) {
      const selector = [...wanted].map((id) => `.vm-nodes [data-id="${CSS.escape(id)}"], .vm-edges [data-id="${CSS.escape(id)}"]`).join(', ');
      return Array.from(this.svg.querySelectorAll(selector));
    }
    return Array.from(this.svg.querySelectorAll('.vm-nodes [data-id], .vm-edges [data-id]')).filter((el) =>
      wanted.has(el.getAttribute('data-id') ?? ''),
    );
  }

  /** Select `ids` (replacing the selection). @param {Iterable<string>} ids */
  select(ids) {
    this.selected = new Set(ids);
    this.mark();
  }

  /** Put `vm-selected` on the selected elements, and only on them. */
  mark() {
    if (!this.svg) return;
    for (const el of Array.from(this.svg.querySelectorAll('.vm-selected'))) el.classList.remove('vm-selected');
    for (const el of this.elements(this.selected)) el.classList.add('vm-selected');
  }

  /** A client (screen) point in diagram units. @param {number} clientX @param {number} clientY */
  toDiagram(clientX, clientY) {
    const matrix = this.svg?.getScreenCTM();
    if (!matrix) return { x: 0, y: 0 };
    const point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    return { x: point.x, y: point.y };
  }

  /** The node or edge under an event, with its id. @param {Event} event */
  target(event) {
    const el = event.target instanceof Element ? event.target.closest('.vm-nodes [data-id], .vm-edges [data-id], .vm-badges [data-id]') : null;
    return el ? { el, id: el.getAttribute('data-id') ?? '' } : null;
  }

  wire() {
    const host = this.host;
    host.addEventListener('wheel', (event) => {
      event.preventDefault();
      // Pinch on a trackpad arrives as a wheel event with ctrlKey and small deltas.
      const step = event.ctrlKey ? 0.01 : 0.0015;
      this.zoom(Math.exp(-event.deltaY * step), this.toDiagram(event.clientX, event.clientY));
    }, { passive: false });

    host.addEventListener('keydown', (event) => {
      const view = this.view;
      if (event.target !== host || !view) return;
      const step = 0.1;
      const keys = /** @type {{[key: string]: () => void}} */ ({
        '+': () => this.zoom(1.25),
        '=': () => this.zoom(1.25),
        '-': () => this.zoom(0.8),
        0: () => this.fit(),
        ArrowLeft: () => this.pan(-view.w * step, 0),
        ArrowRight: () => this.pan(view.w * step, 0),
        ArrowUp: () => this.pan(0, -view.h * step),
        ArrowDown: () => this.pan(0, view.h * step),
      });
      const action = keys[event.key];
      if (action && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        action();
      }
    });

    host.addEventListener('pointerover', (event) => {
      const hit = this.target(event);
      this.handlers.onHover(hit?.id ?? null, event.clientX, event.clientY);
    });
    host.addEventListener('pointerleave', (event) => this.handlers.onHover(null, event.clientX, event.clientY));

    host.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 || !this.svg) return;
      const hit = this.target(event);
      const start = { clientX: event.clientX, clientY: event.clientY, at: this.toDiagram(event.clientX, event.clientY) };
      const additive = event.shiftKey;
      /** @type {'pending' | 'pan' | 'box' | 'move'} */
      let mode = 'pending';
      /** @type {SVGRectElement | null} */
      let marquee = null;
      /** @type {Element[]} */
      let moving = [];
      const startView = this.view ? { ...this.view } : null;
      host.setPointerCapture(event.pointerId);

      const onMove = (/** @type {PointerEvent} */ move) => {
        const travelled = Math.hypot(move.clientX - start.clientX, move.clientY - start.clientY);
        if (mode === 'pending') {
          if (travelled < DRAG_SLOP) return;
          const nodeBox = hit ? boxOf(hit.el) : null;
          if (hit && nodeBox) {
            mode = 'move';
            moving = this.movingWith(hit.id);
          } else if (additive || !hit) {
            mode = additive ? 'box' : 'pan';
          } else {
            return;
          }
        }
        const at = this.toDiagram(move.clientX, move.clientY);
        if (mode === 'pan' && startView && this.svg) {
          const matrix = this.svg.getScreenCTM();
          const scale = matrix ? matrix.a : 1;
          this.view = { ...startView, x: startView.x - (move.clientX - start.clientX) / scale, y: startView.y - (move.clientY - start.clientY) / scale };
          this.apply();
        } else if (mode === 'box' && this.svg) {
          if (!marquee) {
            marquee = /** @type {SVGRectElement} */ (document.createElementNS(SVG_NS, 'rect'));
            marquee.setAttribute('class', 'vm-marquee');
            this.svg.append(marquee);
          }
          marquee.setAttribute('x', String(Math.min(at.x, start.at.x)));
          marquee.setAttribute('y', String(Math.min(at.y, start.at.y)));
          marquee.setAttribute('width', String(Math.abs(at.x - start.at.x)));
          marquee.setAttribute('height', String(Math.abs(at.y - start.at.y)));
        } else if (mode === 'move') {
          const shift = `translate(${at.x - start.at.x} ${at.y - start.at.y})`;
          for (const el of moving) {
            if (!this.dragged.has(el)) this.dragged.set(el, el.getAttribute('transform'));
            const placed = this.dragged.get(el);
            el.setAttribute('transform', placed ? `${placed} ${shift}` : shift);
          }
        }
      };

      const onUp = (/** @type {PointerEvent} */ up) => {
        host.removeEventListener('pointermove', onMove);
        host.removeEventListener('pointerup', onUp);
        host.removeEventListener('pointercancel', onUp);
        const at = this.toDiagram(up.clientX, up.clientY);
        if (mode === 'pending') {
          this.handlers.onClick(hit?.id ?? null, additive);
        } else if (mode === 'box' && marquee) {
          const area = { x: Math.min(at.x, start.at.x), y: Math.min(at.y, start.at.y), width: Math.abs(at.x - start.at.x), height: Math.abs(at.y - start.at.y) };
          marquee.remove();
          const ids = Array.from(this.svg?.querySelectorAll('.vm-nodes [data-id]') ?? [])
            .filter((el) => {
              const box = boxOf(el);
              return box !== null && contains(area, box);
            })
            .map((el) => el.getAttribute('data-id') ?? '');
          this.handlers.onBoxSelect(ids, additive);
        } else if (mode === 'move' && hit) {
          const ids = this.selected.has(hit.id) ? [...this.selected].filter((id) => this.elements([id]).some((el) => boxOf(el))) : [hit.id];
          this.handlers.onMove(ids, at.x - start.at.x, at.y - start.at.y);
        }
      };
      host.addEventListener('pointermove', onMove);
      host.addEventListener('pointerup', onUp);
      host.addEventListener('pointercancel', onUp);
    });
  }

  /**
   * The elements that follow a dragged node on screen: the selection when the node is in it
   * (a multi-select move), else the node; with every box drawn inside them (a VPC's subnets).
   * @param {string} id
   */
  movingWith(id) {
    if (!this.svg) return [];
    const roots = this.elements(this.selected.has(id) ? this.selected : [id]);
    const boxes = roots.map(boxOf).filter((b) => b !== null);
    const inside = Array.from(this.svg.querySelectorAll('.vm-nodes [data-id]')).filter((el) => {
      const box = boxOf(el);
      return box !== null && boxes.some((outer) => contains(outer, box));
    });
    const nodes = new Set([...roots, ...inside]);
    // A badge has no box of its own: it follows the node it sits on.
    const ids = new Set(Array.from(nodes, (el) => el.getAttribute('data-id')));
    const badges = Array.from(this.svg.querySelectorAll('.vm-badges [data-id]')).filter((el) => ids.has(el.getAttribute('data-id')));
    return [...nodes, ...badges];
  }
}
