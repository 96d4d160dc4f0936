// @ts-check
// Trace mode: a source and a destination (typed, chosen from the list, or picked on the diagram),
// protocol and port; the core's `trace` answers hop by hop, both ways. The path's resources are
// marked on the diagram (`vm-trace-hop`), the one that stops it `vm-trace-blocked`, and a
// verified fix (the trace's `changes`) is applied with one click as one undoable edit. The panel
// traces again after every change of the document, so an applied fix (or its undo) shows at once.

import { h } from './dom.js';
import { morphChildren } from '../morph.js';
import { applyChanges, describeChange } from './model.js';

/** @typedef {import('./model.js').Doc} Doc */
/** @typedef {import('../core.js').Trace} Trace */
/** @typedef {import('../core.js').TraceQuery} TraceQuery */

/**
 * @typedef {{
 *   history: import('./history.js').History,
 *   trace: (doc: Doc, query: TraceQuery) => Promise<Trace>,
 *   mark: (hops: string[], blocked: string[]) => void,
 *   failed: (what: string, err: unknown) => void,
 * }} TraceContext
 */

/** The ends a trace can start or stop at, for the input's suggestions. @param {Doc} doc */
export function traceEnds(doc) {
  return [
    ...(doc.subnets ?? []).map((/** @type {{id: string}} */ s) => s.id),
    ...(doc.instances ?? []).map((/** @type {{id: string}} */ i) => i.id),
    ...(doc.onPremNetworks ?? []).map((/** @type {{id: string}} */ o) => o.id),
    'internet',
  ];
}

export class TracePanel {
  /** @param {HTMLElement} host @param {TraceContext} ctx */
  constructor(host, ctx) {
    this.host = host;
    this.ctx = ctx;
    /** @type {'from' | 'to' | null} which end the next diagram click fills */
    this.picking = null;
    this.from = h('input', { className: 'vm-input', name: 'from', placeholder: 'subnet-…, i-…, 10.0.1.5, internet', spellcheck: false, attrs: { list: 'trace-ends', 'aria-label': 'Source' } });
    this.to = h('input', { className: 'vm-input', name: 'to', placeholder: 'destination', spellcheck: false, attrs: { list: 'trace-ends', 'aria-label': 'Destination' } });
    this.protocol = h('select', { className: 'vm-input', name: 'protocol', attrs: { 'aria-label': 'Protocol' } },
      ...['all', 'tcp', 'udp', 'icmp'].map((p) => h('option', { value: p === 'all' ? '' : p }, p)));
    this.port = h('input', { className: 'vm-input', name: 'port', type: 'number', min: 0, max: 65535, placeholder: 'port', attrs: { 'aria-label': 'Port' } });
    this.ends = h('datalist', { id: 'trace-ends' });
    /** The ids the suggestions were built from, joined: `refresh` rebuilds them when it changes. */
    this.endsKey = '';
    this.result = h('div', { className: 'vm-trace-result', attrs: { 'aria-live': 'polite' } });
    this.pickButton = h('button', { type: 'button', className: 'vm-button', on: { click: () => this.startPicking() } }, 'Pick on diagram');
    const form = h('form', { className: 'vm-trace-form', on: { submit: (/** @type {Event} */ e) => { e.preventDefault(); this.run(); } } },
      h('label', { className: 'vm-field' }, h('span', { className: 'vm-field-label' }, 'From'), this.from),
      h('label', { className: 'vm-field' }, h('span', { className: 'vm-field-label' }, 'To'), this.to),
      h('div', { className: 'vm-row' }, this.protocol, this.port),
      h('div', { className: 'vm-row' }, h('button', { type: 'submit', className: 'vm-button vm-primary' }, 'Trace'), this.pickButton),
      this.ends,
    );
    host.replaceChildren(h('h3', { className: 'vm-panel-title' }, 'Trace'), form, this.result);
    /** @type {TraceQuery | null} */
    this.query = null;
  }

  /** Refresh the suggestions and re-run the last trace against the current document. */
  refresh() {
    const doc = this.ctx.history.doc;
    if (!doc) return Promise.resolve();
    // Most edits add or remove no subnet, instance or site: building a few hundred options only
    // for morphChildren to find them equal cost 1.6 ms per edit at 50 VPCs.
    const ends = traceEnds(doc);
    const key = ends.join('\n');
    if (key !== this.endsKey) {
      this.endsKey = key;
      morphChildren(this.ends, h('datalist', {}, ...ends.map((id) => h('option', { value: id }))));
    }
    return this.query ? this.run(this.query) : Promise.resolve();
  }

  startPicking() {
    this.picking = 'from';
    this.pickButton.textContent = 'Click the source…';
  }

  /** A diagram click while picking; true when it was used. @param {string} id */
  pick(id) {
    if (!this.picking) return false;
    if (this.picking === 'from') {
      this.from.value = id;
      this.picking = 'to';
      this.pickButton.textContent = 'Click the destination…';
    } else {
      this.to.value = id;
      this.picking = null;
      this.pickButton.textContent = 'Pick on diagram';
      this.run();
    }
    return true;
  }

  /** Trace the form's query (or `query`) and show the answer. @param {TraceQuery} [query] */
  async run(query) {
    const doc = this.ctx.history.doc;
    if (!doc) return;
    const asked = query ?? { from: this.from.value.trim(), to: this.to.value.trim(), ...(this.protocol.value ? { protocol: this.protocol.value } : {}), ...(this.port.value ? { port: Number(this.port.value) } : {}) };
    if (!asked.from || !asked.to) {
      this.result.replaceChildren(h('p', { className: 'vm-field-message', dataset: { kind: 'error' } }, 'Give a source and a destination.'));
      return;
    }
    this.query = asked;
    let trace;
    try {
      trace = await this.ctx.trace(doc, asked);
    } catch (err) {
      this.ctx.mark([], []);
      this.result.replaceChildren(h('p', { className: 'vm-field-message', dataset: { kind: 'error' } }, err instanceof Error ? err.message : String(err)));
      return;
    }
    this.show(trace);
  }

  /** @param {Trace} trace */
  show(trace) {
    const blocked = trace.blocked ?? trace.return?.blocked ?? null;
    const hops = [...trace.hops, ...(trace.return?.hops ?? [])].map((hop) => hop.resource);
    this.ctx.mark([trace.from.id, trace.to.id, ...hops], blocked ? [blocked.resource] : []);
    const verdict = trace.reachable
      ? h('p', { className: 'vm-verdict vm-verdict-ok', dataset: { verdict: 'reachable' } }, `Reachable: ${trace.from.label} → ${trace.to.label}, and back.`)
      : h('p', { className: 'vm-verdict vm-verdict-blocked', dataset: { verdict: 'blocked' } }, `Blocked${trace.blocked ? '' : ' on the way back'} at ${blocked?.resource ?? '?'}: ${blocked?.message ?? ''}`);
    const list = (/** @type {Trace['hops']} */ legHops) => h('ol', { className: 'vm-hops' }, ...legHops.map((hop) =>
      h('li', { className: 'vm-hop', dataset: { resource: hop.resource } }, h('code', {}, hop.resource), ` ${hop.action}: `, hop.detail)));
    /** @type {HTMLElement[]} */
    const parts = [verdict, h('h4', {}, 'There'), list(trace.hops)];
    if (trace.return) parts.push(h('h4', {}, 'Back'), list(trace.return.hops));
    const changes = blocked?.changes ?? [];
    if (blocked && changes.length) {
      parts.push(
        h('p', { className: 'vm-fix' }, `Fix (verified by tracing again): ${changes.map(describeChange).join('; ')}`),
        h('button', { type: 'button', className: 'vm-button vm-primary', dataset: { action: 'apply-fix' }, on: { click: () => {
          this.ctx.history.edit(`Apply fix: ${changes.map(describeChange).join('; ')}`, (doc) => applyChanges(doc, changes))
            .catch((err) => this.ctx.failed('Could not apply the fix', err));
        } } }, 'Apply fix'),
      );
    } else if (blocked?.fix) {
      parts.push(h('p', { className: 'vm-fix' }, `To fix: ${blocked.fix}`));
    }
    this.result.replaceChildren(...parts);
  }

  /** Leave trace mode: forget the query and unmark the diagram. */
  clear() {
    this.query = null;
    this.picking = null;
    this.result.replaceChildren();
    this.ctx.mark([], []);
  }
}
