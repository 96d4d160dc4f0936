// @ts-check
// The only module that imports pkg/ (the wasm-pack output): loads the WASM once and exposes
// the core as promise-returning functions, so the rest of the page never touches pkg/ directly.
// A trap in the core (a Rust panic; the panic hook has logged its message) stops it for good:
// its memory may be half-updated, so later calls fail fast with CoreStopped instead.

/** @typedef {import('../../pkg/vpcmap.js').VpcmapDocument} VpcmapDocument */
/** @typedef {import('../../pkg/vpcmap.js').InputFile} InputFile */
/** @typedef {import('../../pkg/vpcmap.js').RenderOptions} RenderOptions */
/** @typedef {import('../../pkg/vpcmap.js').TraceQuery} TraceQuery */
/** @typedef {import('../../pkg/vpcmap.js').MatrixQuery} MatrixQuery */

/** Thrown once the core has trapped; the page keeps the user's document and asks for a reload. */
export class CoreStopped extends Error {}

/** @type {Promise<typeof import('../../pkg/vpcmap.js')> | null} */
let loading = null;
/** @type {CoreStopped | null} */
let stopped = null;

/** Load and initialise the WASM module (once). */
export function core() {
  if (!loading) {
    // /pkg/ is served beside www/ (scripts/serve.mjs); the types come from the repo's pkg/.
    const url = new URL('../pkg/vpcmap.js', import.meta.url).href;
    loading = import(url).then(async (/** @type {typeof import('../../pkg/vpcmap.js')} */ mod) => {
      await mod.default();
      return mod;
    });
  }
  return loading;
}

/**
 * Run one core call; a trap turns into CoreStopped, now and for every later call.
 * @template T
 * @param {(mod: typeof import('../../pkg/vpcmap.js')) => T} fn
 * @returns {Promise<T>}
 */
async function call(fn) {
  const mod = await core();
  if (stopped) throw stopped;
  try {
    return fn(mod);
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) {
      stopped = new CoreStopped(`vpcmap stopped (${err.message})`);
      throw stopped;
    }
    throw err;
  }
}

/** @param {VpcmapDocument | string} doc */
export const validate = (doc) => call((m) => m.validate(doc));
/** Can `query.from` reach `query.to`? @param {VpcmapDocument | string} doc @param {TraceQuery} query */
export const trace = (doc, query) => call((m) => m.trace(doc, query));
/** @param {VpcmapDocument | string} doc @param {MatrixQuery} [query] */
export const matrix = (doc, query) => call((m) => m.matrix(doc, query));
/** @param {VpcmapDocument | string} doc */
export const layout = (doc) => call((m) => m.layout(doc));
/** @param {VpcmapDocument | string} doc @param {RenderOptions} [options] */
export const renderSvg = (doc, options) => call((m) => m.renderSvg(doc, options));
/** Any supported input (a vpcmap document, or AWS describe-* outputs). @param {InputFile[]} files */
export const importFiles = (files) => call((m) => m.importFiles(files));
/** AWS describe-* outputs only. @param {InputFile[]} files */
export const importAws = (files) => call((m) => m.importAws(files));
/** Any supported input as a vpcmap document. @param {InputFile[]} files */
export const convert = (files) => call((m) => m.convert(files));
export const sample = () => call((m) => m.sample());
export const diagramCss = () => call((m) => m.diagramCss());
export const version = () => call((m) => m.version());
