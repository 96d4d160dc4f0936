// @ts-check
// Where the heavy core calls run: in the page for small documents (no message overhead, one core
// instance), in a Web Worker (editor/worker.js) from LARGE_VPCS VPCs up, so a slow layout never
// freezes the page. The answers are the same either way; a worker that cannot start (or dies)
// falls back to the page's own core. A trap in the worker's core surfaces as `CoreStopped`, as
// in the page.

import * as vpcmap from '../vpcmap.js';

/** From this many VPCs on, layout and validation run in the worker. */
export const LARGE_VPCS = 20;

/** @typedef {import('./model.js').Doc} Doc */

/** @type {Worker | null} */
let worker = null;
let broken = false;
let next = 0;
/** @type {Map<number, {resolve: (value: any) => void, reject: (err: Error) => void}>} */
const pending = new Map();

function start() {
  if (worker || broken) return worker;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  } catch {
    broken = true;
    return null;
  }
  worker.onmessage = (event) => {
    const { id, result, error } = event.data;
    const call = pending.get(id);
    pending.delete(id);
    if (!call) return;
    if (error) call.reject(error.stopped ? new vpcmap.CoreStopped(error.message) : new Error(error.message));
    else call.resolve(result);
  };
  worker.onerror = (event) => {
    // The worker could not load or crashed: the page's core answers from now on.
    event.preventDefault();
    broken = true;
    worker?.terminate();
    worker = null;
    for (const call of pending.values()) call.reject(new Error('the layout worker stopped; try again'));
    pending.clear();
  };
  return worker;
}

/** Encodes the text a worker is sent. */
const encoder = new TextEncoder();

/**
 * Run `method` in the worker when `doc` is large, else in the page. The core is given the
 * document's JSON text (`text` when the caller has it), which it reads in any case; the worker
 * gets it as UTF-8 bytes in a transferred buffer, which crosses without a copy (an object was
 * cloned field by field on both sides, and a 150 KB string still cost ≈ 1.7 ms to post in a profile).
 * @template T
 * @param {'renderSvg' | 'draw' | 'validate' | 'layout'} method @param {Doc} doc
 * @param {string | undefined} text @param {unknown[]} rest
 * @returns {Promise<T>}
 */
function run(method, doc, text, ...rest) {
  const input = text ?? JSON.stringify(doc);
  const w = isLarge(doc) ? start() : null;
  if (!w) return /** @type {any} */ (vpcmap)[method](input, ...rest);
  const id = ++next;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const bytes = encoder.encode(input);
    w.postMessage({ id, method, args: [bytes, ...rest] }, [bytes.buffer]);
  });
}

/** @param {Doc} doc */
export const isLarge = (doc) => (doc.vpcs?.length ?? 0) >= LARGE_VPCS;

/** @param {Doc} doc @param {import('../core.js').RenderOptions} options @returns {Promise<string>} */
export const renderSvg = (doc, options) => run('renderSvg', doc, undefined, options);
/**
 * @param {Doc} doc @param {import('../core.js').RenderOptions} options
 * @param {string} [text] `JSON.stringify(doc)`, when the caller has it
 * @returns {Promise<import('../core.js').Drawn>}
 */
export const draw = (doc, options, text) => run('draw', doc, text, options);
/** @param {Doc} doc @returns {Promise<import('../core.js').Report>} */
export const validate = (doc) => run('validate', doc, undefined);
/** @param {Doc} doc @returns {Promise<import('../core.js').Layout>} */
export const layout = (doc) => run('layout', doc, undefined);
