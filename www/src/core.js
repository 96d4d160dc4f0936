// @ts-check
// The promise-returning API over the WASM core, shared by the browser entry (vpcmap.js) and the
// Node entry (node.js), which differ only in how they fetch the .wasm bytes (and the browser's
// has the viewer core too, see `bind`). The WASM is loaded on
// the first call and only once (the promise is cached). A trap in the core (a Rust panic; the
// panic hook has logged its message) stops it for good: its memory may be half-updated, so later
// calls fail fast with CoreStopped instead.

/** @typedef {typeof import('../pkg/vpcmap.js')} Wasm */
/** @typedef {import('../pkg/vpcmap.js').VpcmapDocument} VpcmapDocument */
/** @typedef {import('../pkg/vpcmap.js').InputFile} InputFile */
/** @typedef {import('../pkg/vpcmap.js').RenderOptions} RenderOptions */
/** @typedef {import('../pkg/vpcmap.js').DrawioOptions} DrawioOptions */
/** @typedef {import('../pkg/vpcmap.js').Report} Report */
/** @typedef {import('../pkg/vpcmap.js').Drawn} Drawn */
/** @typedef {import('../pkg/vpcmap.js').Finding} Finding */
/** @typedef {import('../pkg/vpcmap.js').Layout} Layout */
/** @typedef {import('../pkg/vpcmap.js').Imported} Imported */

/** @typedef {import('../pkg/vpcmap.js').TraceQuery} TraceQuery */
/** @typedef {import('../pkg/vpcmap.js').Trace} Trace */
/** @typedef {import('../pkg/vpcmap.js').Hop} TraceHop */
/** @typedef {import('../pkg/vpcmap.js').MatrixQuery} MatrixQuery */
/** @typedef {import('../pkg/vpcmap.js').Matrix} Matrix */
/** @typedef {import('../pkg/vpcmap.js').SuggestCidrOptions} SuggestCidrOptions */
/** @typedef {import('../pkg/vpcmap.js').CidrSuggestion} CidrSuggestion */
/** @typedef {import('../pkg/vpcmap.js').Diff} Diff */
/** @typedef {import('../pkg/vpcmap.js').PlanSides} PlanSides */
/** @typedef {import('../pkg/vpcmap.js').DiffSummary} DiffSummary */

/** Thrown once the core has trapped; the page keeps the user's document and asks for a reload. */
export class CoreStopped extends Error {}

/** @typedef {typeof import('../pkg/vpcmap_viewer.js')} ViewerWasm */

/**
 * Bind the API to loaders that instantiate a WASM build and resolve to the initialised module:
 * `load` the full core, and optionally `loadViewer` the viewer's smaller one (validate, trace,
 * layout, render, native documents only; scripts/build-wasm). With a viewer, the calls it serves
 * go to it until the full core is wanted for something else (an AWS or Terraform import, the
 * matrix, …), and from then on to the full core, loaded on that first call. When the viewer
 * refuses a call (a document it cannot read, a bad query), the full core is asked the same, so
 * results and error messages are always the full core's (a JSONPath in parse errors included):
 * errors cost the bigger download, documents that draw never do.
 * @param {() => Promise<Wasm>} load
 * @param {() => Promise<ViewerWasm>} [loadViewer]
 */
export function bind(load, loadViewer) {
  /** @type {Promise<Wasm> | null} */
  let loading = null;
  /** @type {Promise<ViewerWasm> | null} */
  let loadingViewer = null;
  /** @type {CoreStopped | null} */
  let stopped = null;

  /** Load and initialise the full WASM module (on the first call; later calls share the promise). */
  const core = () => (loading ??= load());

  /**
   * Run `fn` and turn a trap into CoreStopped, now and for every later call.
   * @template M, T
   * @param {M} mod
   * @param {(mod: M) => T} fn
   * @returns {T}
   */
  function guard(mod, fn) {
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

  /**
   * Run one call on the full core.
   * @template T
   * @param {(mod: Wasm) => T} fn
   * @returns {Promise<T>}
   */
  async function call(fn) {
    return guard(await core(), fn);
  }

  /**
   * Run one call that the viewer core can serve: on it while the full core is not loaded, and
   * again on the full core if the viewer refused it.
   * @template T
   * @param {(mod: ViewerWasm | Wasm) => T} fn
   * @returns {Promise<T>}
   */
  async function view(fn) {
    if (!loadViewer || loading) return call(fn);
    const viewer = await (loadingViewer ??= loadViewer());
    if (loading) return call(fn);
    try {
      return guard(viewer, fn);
    } catch (err) {
      if (err instanceof CoreStopped) throw err;
      return call(fn);
    }
  }

  /**
   * One vpcmap document alone needs no importer: the viewer checks it, and it is shown as written.
   * @param {InputFile[]} files
   * @returns {Promise<Imported>}
   */
  async function importFiles(files) {
    const only = files.length === 1 ? files[0] : null;
    if (!loadViewer || loading || !only || !isNative(only.text)) return call((m) => m.importFiles(files));
    const path = only.path ?? only.name ?? '';
    await view((m) => m.checkDocument(path, only.text));
    return { topology: JSON.parse(only.text), notes: [] };
  }

  return {
    core,
    /** Check a document against AWS's rules. @param {VpcmapDocument | string} doc @returns {Promise<Report>} */
    validate: (doc) => view((m) => m.validate(doc)),
    /** Free IPv4 blocks for a new VPC. @param {VpcmapDocument | string} doc @param {SuggestCidrOptions} options @returns {Promise<CidrSuggestion>} */
    suggestCidr: (doc, options) => call((m) => m.suggestCidr(doc, options)),
    /** Boxes and edges of the diagram. @param {VpcmapDocument | string} doc @returns {Promise<Layout>} */
    layout: (doc) => view((m) => m.layout(doc)),
    /** The diagram as SVG text. @param {VpcmapDocument | string} doc @param {RenderOptions} [options] @returns {Promise<string>} */
    renderSvg: (doc, options) => view((m) => m.renderSvg(doc, options)),
    /** SVG with finding badges and the report, from one validation (an editor's redraw). @param {VpcmapDocument | string} doc @param {RenderOptions} [options] @returns {Promise<Drawn>} */
    draw: (doc, options) => view((m) => m.draw(doc, options)),
    /** Any supported input (a vpcmap document, or AWS describe-* outputs). @param {InputFile[]} files @returns {Promise<Imported>} */
    importFiles,
    /** AWS describe-* outputs only. @param {InputFile[]} files @returns {Promise<Imported>} */
    importAws: (files) => call((m) => m.importAws(files)),
    /** Any supported input as a vpcmap document. @param {InputFile[]} files @returns {Promise<VpcmapDocument>} */
    convert: (files) => call((m) => m.convert(files)),
    /** Can `query.from` reach `query.to`? Hop by hop, both ways. @param {VpcmapDocument | string} doc @param {TraceQuery} query @returns {Promise<Trace>} */
    trace: (doc, query) => view((m) => m.trace(doc, query)),
    /** Who reaches whom: subnets, on-prem networks, the internet, services. @param {VpcmapDocument | string} doc @param {MatrixQuery} [query] @returns {Promise<Matrix>} */
    matrix: (doc, query) => call((m) => m.matrix(doc, query)),
    /** What a change does to the network: resources, findings, reachability. @param {VpcmapDocument | string} before @param {VpcmapDocument | string} after @returns {Promise<Diff>} */
    diff: (before, after) => call((m) => m.diff(before, after)),
    /** A change drawn as SVG: added green, removed red, changed outlined. @param {VpcmapDocument | string} before @param {VpcmapDocument | string} after @param {RenderOptions} [options] @returns {Promise<string>} */
    diffSvg: (before, after, options) => call((m) => m.diffSvg(before, after, options)),
    /** The diagram as a draw.io (mxGraph XML) file: containers and edges stay editable. @param {VpcmapDocument | string} doc @param {DrawioOptions} [options] @returns {Promise<string>} */
    toDrawio: (doc, options) => call((m) => m.toDrawio(doc, options)),
    /** A Terraform plan as two documents: prior state and planned state. @param {InputFile[]} files @returns {Promise<PlanSides>} */
    importPlan: (files) => call((m) => m.importPlan(files)),
    /** The built-in sample document. @returns {Promise<VpcmapDocument>} */
    sample: () => call((m) => m.sample()),
    /** The diagram stylesheet, for pages that adopt it instead of the SVG's inline `<style>`. @returns {Promise<string>} */
    diagramCss: () => view((m) => m.diagramCss()),
    /** The vpcmap version. @returns {Promise<string>} */
    version: () => view((m) => m.version()),
  };
}

/**
 * Whether `text` is a vpcmap document (a JSON object with a `format` key), which the import
 * detects the same way; AWS and Terraform JSON are not.
 * @param {string} text
 */
export function isNative(text) {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) && 'format' in value;
  } catch {
    return false;
  }
}
