// @ts-check
// The Web Worker that lays out, draws and validates large documents off the main thread, so the
// page keeps answering while the core works (layout is the slow stage: seconds at 50+ VPCs). It
// has its own instance of the core (src/vpcmap.js, fetched from beside this file's modules) and
// answers `{id, method, args}` with `{id, result}` or `{id, error: {message, stopped}}`.

import * as vpcmap from '../vpcmap.js';

/** @type {{[method: string]: (...args: any[]) => Promise<unknown>}} */
const api = { renderSvg: vpcmap.renderSvg, draw: vpcmap.draw, validate: vpcmap.validate, layout: vpcmap.layout };
const scope = /** @type {any} */ (self);

scope.onmessage = async (/** @type {MessageEvent} */ event) => {
  const { id, method, args } = event.data;
  try {
    const call = api[method];
    if (!call) throw new Error(`worker: no method ${method}`);
    scope.postMessage({ id, result: await call(...args) });
  } catch (err) {
    scope.postMessage({ id, error: { message: err instanceof Error ? err.message : String(err), stopped: err instanceof vpcmap.CoreStopped } });
  }
};
