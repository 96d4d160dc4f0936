// @ts-check
// The promise-returning API over the WASM core, shared by the browser entry (vpcmap.js) and the
// Node entry (node.js), which differ only in how they fetch the .wasm bytes. The WASM is loaded on
// the first call and only once (the promise is cached). A trap in the core (a Rust panic; the
// panic hook has logged its message) stops it for good: its memory may be half-updated, so later
// calls fail fast with CoreStopped instead.

/** @typedef {typeof import('../pkg/vpcmap.js')} Wasm */
/** @typedef {import('../pkg/vpcmap.js').VpcmapDocument} VpcmapDocument */
/** @typedef {import('../pkg/vpcmap.js').InputFile} InputFile */
/** @typedef {import('../pkg/vpcmap.js').RenderOptions} RenderOptions */
/** @typedef {import('../pkg/vpcmap.js').Report} Report */
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

/**
 * Bind the API to a loader that instantiates the WASM and resolves to the initialised module.
 * @param {() => Promise<Wasm>} load
 */
export function bind(load) {
  /** @type {Promise<Wasm> | null} */
  let loading = null;
  /** @type {CoreStopped | null} */
  let stopped = null;

  /** Load and initialise the WASM module (on the first call; later calls share the promise). */
  const core = () => (loading ??= load());

  /**
   * Run one core call; a trap turns into CoreStopped, now and for every later call.
   * @template T
   * @param {(mod: Wasm) => T} fn
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

  return {
    core,
    /** Check a document against AWS's rules. @param {VpcmapDocument | string} doc @returns {Promise<Report>} */
    validate: (doc) => call((m) => m.validate(doc)),
    /** Free IPv4 blocks for a new VPC. @param {VpcmapDocument | string} doc @param {SuggestCidrOptions} options @returns {Promise<CidrSuggestion>} */
    suggestCidr: (doc, options) => call((m) => m.suggestCidr(doc, options)),
    /** Boxes and edges of the diagram. @param {VpcmapDocument | string} doc @returns {Promise<Layout>} */
    layout: (doc) => call((m) => m.layout(doc)),
    /** The diagram as SVG text. @param {VpcmapDocument | string} doc @param {RenderOptions} [options] @returns {Promise<string>} */
    renderSvg: (doc, options) => call((m) => m.renderSvg(doc, options)),
    /** Any supported input (a vpcmap document, or AWS describe-* outputs). @param {InputFile[]} files @returns {Promise<Imported>} */
    importFiles: (files) => call((m) => m.importFiles(files)),
    /** AWS describe-* outputs only. @param {InputFile[]} files @returns {Promise<Imported>} */
    importAws: (files) => call((m) => m.importAws(files)),
    /** Any supported input as a vpcmap document. @param {InputFile[]} files @returns {Promise<VpcmapDocument>} */
    convert: (files) => call((m) => m.convert(files)),
    /** Can `query.from` reach `query.to`? Hop by hop, both ways. @param {VpcmapDocument | string} doc @param {TraceQuery} query @returns {Promise<Trace>} */
    trace: (doc, query) => call((m) => m.trace(doc, query)),
    /** Who reaches whom: subnets, on-prem networks, the internet, services. @param {VpcmapDocument | string} doc @param {MatrixQuery} [query] @returns {Promise<Matrix>} */
    matrix: (doc, query) => call((m) => m.matrix(doc, query)),
    /** What a change does to the network: resources, findings, reachability. @param {VpcmapDocument | string} before @param {VpcmapDocument | string} after @returns {Promise<Diff>} */
    diff: (before, after) => call((m) => m.diff(before, after)),
    /** A change drawn as SVG: added green, removed red, changed outlined. @param {VpcmapDocument | string} before @param {VpcmapDocument | string} after @param {RenderOptions} [options] @returns {Promise<string>} */
    diffSvg: (before, after, options) => call((m) => m.diffSvg(before, after, options)),
    /** A Terraform plan as two documents: prior state and planned state. @param {InputFile[]} files @returns {Promise<PlanSides>} */
    importPlan: (files) => call((m) => m.importPlan(files)),
    /** The built-in sample document. @returns {Promise<VpcmapDocument>} */
    sample: () => call((m) => m.sample()),
    /** The diagram stylesheet, for pages that adopt it instead of the SVG's inline `<style>`. @returns {Promise<string>} */
    diagramCss: () => call((m) => m.diagramCss()),
    /** The vpcmap version. @returns {Promise<string>} */
    version: () => call((m) => m.version()),
  };
}
