// @ts-check
// The Node entry of the vpcmap package (Node >= 18): the same promise-returning API as the browser
// entry, with the .wasm read from the package's own files instead of fetched. No network access:
// everything the core needs is inside the package.

import { readFile } from 'node:fs/promises';
import * as wasm from '../pkg/vpcmap.js';
import { bind } from './core.js';

export { CoreStopped } from './core.js';

const api = bind(async () => {
  const bytes = await readFile(new URL('../pkg/vpcmap_bg.wasm', import.meta.url));
  wasm.initSync({ module: bytes });
  return wasm;
});

export const { core, validate, suggestCidr, layout, renderSvg, draw, importFiles, importAws, convert, trace, matrix, diff, diffSvg, toDrawio, importPlan, sample, diagramCss, version } = api;
