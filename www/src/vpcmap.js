// @ts-check
// The browser (and bundler) entry of the vpcmap package, and the only browser module that imports
// pkg/ (the wasm-pack output). Two builds of the core sit there: the viewer's (vpcmap_viewer*:
// native documents, validate, trace, layout, render) and the full one (vpcmap*: importers,
// matrix, diff, …); `bind` (core.js) sends each call to the smallest one that serves it, and each
// is fetched on its first use, once. Their glue is imported dynamically with literal paths, so a
// bundler splits each into a chunk of its own, and the .wasm sits beside it: `new URL(…,
// import.meta.url)` with a literal path is the form bundlers (Vite, webpack, esbuild) rewrite to
// the emitted asset, and it works unbundled from a plain static server too.

import { bind } from './core.js';

export { CoreStopped } from './core.js';

// The types of the document format and of every result, exported for TypeScript users.
/** @typedef {import('./core.js').VpcmapDocument} VpcmapDocument */
/** @typedef {import('./core.js').Report} Report */
/** @typedef {import('./core.js').Drawn} Drawn */
/** @typedef {import('./core.js').Finding} Finding */
/** @typedef {import('./core.js').Layout} Layout */
/** @typedef {import('./core.js').InputFile} InputFile */
/** @typedef {import('./core.js').Imported} Imported */
/** @typedef {import('./core.js').RenderOptions} RenderOptions */
/** @typedef {import('./core.js').DrawioOptions} DrawioOptions */
/** @typedef {import('./core.js').TraceQuery} TraceQuery */
/** @typedef {import('./core.js').Trace} Trace */
/** @typedef {import('./core.js').TraceHop} TraceHop */
/** @typedef {import('./core.js').MatrixQuery} MatrixQuery */
/** @typedef {import('./core.js').Matrix} Matrix */
/** @typedef {import('./core.js').SuggestCidrOptions} SuggestCidrOptions */
/** @typedef {import('./core.js').CidrSuggestion} CidrSuggestion */
/** @typedef {import('./core.js').Diff} Diff */
/** @typedef {import('./core.js').PlanSides} PlanSides */

const api = bind(
  async () => {
    const wasm = await import('../pkg/vpcmap.js');
    await wasm.default({ module_or_path: new URL('../pkg/vpcmap_bg.wasm', import.meta.url) });
    return wasm;
  },
  async () => {
    const wasm = await import('../pkg/vpcmap_viewer.js');
    await wasm.default({ module_or_path: new URL('../pkg/vpcmap_viewer_bg.wasm', import.meta.url) });
    return wasm;
  },
);

export const { core, validate, suggestCidr, layout, renderSvg, draw, importFiles, importAws, convert, trace, matrix, diff, diffSvg, toDrawio, importPlan, sample, diagramCss, version } = api;
