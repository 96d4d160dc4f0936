// @ts-check
// The Web Worker that lays out, draws and validates large documents off the main thread, so the
// page keeps answering while the core works (layout is the slow stage: seconds at 50+ VPCs). It
// has its own instance of the core (src/vpcmap.js, fetched from beside this file's modules) and
// answers `{id, method, args}` with `{id, result}` or `{id, error: {message, stopped}}`. The
// document (the first argument) comes as its JSON text's UTF-8 bytes, in a buffer the page
// transferred: posting the 150 KB string of a 50-VPC document cost the page ≈ 1.7 ms per edit in
// a profile.

import * as vpcmap from '../vpcmap.js';

/** @type {{[method: string]: (...args: any[]) => Promise<unknown>}} */
const api = { renderSvg: vpcmap.renderSvg, draw: vpcmap.draw, validate: vpcmap.validate, layout: vpcmap.layout };
const scope = /** @type {any} */ (self);

const decoder = new TextDecoder();

scope.onmessage = async (/** @type {MessageEvent} */ event) => {
  const { id, method, args } = event.data;
  try {
    const call = api[method];
    if (!call) throw new Error(`worker: no method ${method}`);
    const [doc, ...rest] = args;
    scope.postMessage({ id, result: await call(doc instanceof Uint8Array ? decoder.decode(doc) : doc, ...rest) });
  } catch (err) {
    scope.postMessage({ id, error: { message: err instanceof Error ? err.message : String(err), stopped: err instanceof vpcmap.CoreStopped } });
  }
};
