// @ts-check
// The only module that imports pkg/ (the wasm-pack output): loads the WASM once and exposes
// the core as promise-returning functions, so the rest of the page never touches pkg/ directly.

/** @type {Promise<typeof import('../../pkg/vpcmap.js')> | null} */
let loading = null;

/** Load and initialise the WASM module (once). */
export function core() {
  if (!loading) {
    loading = import('../pkg/vpcmap.js').then(async (mod) => {
      await mod.default();
      return mod;
    });
  }
  return loading;
}

/** @param {unknown} doc */
export async function validate(doc) { return (await core()).validate(doc); }
/** @param {unknown} doc */
export async function layout(doc) { return (await core()).layout(doc); }
/** @param {unknown} doc @param {{theme?: string, findings?: boolean, title?: string}} [options] */
export async function renderSvg(doc, options) { return (await core()).renderSvg(doc, options); }
/** @param {{path: string, text: string}[]} files */
export async function importFiles(files) { return (await core()).importFiles(files); }
export async function sample() { return (await core()).sample(); }
export async function diagramCss() { return (await core()).diagramCss(); }
