// Benchmark of issue 5 (not a test: it prints numbers, asserts nothing): vpcmap's layout in
// WebAssembly in Node against elkjs in Node and Graphviz `dot`, on the same graph, in one run.
// For each size, `vpcmap sample --vpcs N` writes the document and `vpcmap layout` its layout
// JSON; that JSON's containment tree, leaf sizes and edges are what elkjs and dot lay out.
//
//   node scripts/layout-compare.mjs [50,200,1000]   (needs pkg/, target/release/vpcmap; dot optional)
//   RUNS=N        timed runs per engine and size, median reported (default 3)
//   ELK_COMPARE   the elk-compare folder (default: ../shared/bench/elk-compare)
//   SHAPE         the generated topology's shape: chain (default) or hub-mesh (`vpcmap sample --shape`)
//
// What each time includes:
// - vpcmap WASM: `layout(doc)` of pkg/ with `doc` the parsed JS object (as the editor passes
//   it), so reading the object into the core and the layout back out to JS count; one warm-up,
//   then RUNS calls. `draw` (validate + layout + SVG, what an editor redraw costs) is timed the
//   same way and printed below the table.
// - vpcmap native: `layout::run` alone, release CLI, import excluded (`layout-check --time`).
// - elkjs: elk-compare's run.sh, `elk.layout(graph)` in Node after one warm-up (its median).
// - dot: wall time of one `dot -Tplain` process on the DOT file (parse, layout, output), no
//   warm-up. The DOT: one `subgraph cluster_…` per container (label = its label), leaves as
//   `shape=box, fixedsize=true` with width/height = px / 72 inches, `splines=ortho`,
//   `compound=true`; an edge to a container joins the container's first leaf, with
//   `lhead`/`ltail` naming its cluster (dot's edges join nodes only). A run is capped at 300 s;
//   if ortho fails or times out, `splines=polyline` is tried instead.
// Crossings, edge length, bends, area and violations are `vpcmap layout-check`'s, for vpcmap
// (the WASM's own output) and elkjs. dot is not scored: its clusters and ortho edges do not map
// onto the layout shape; its width, height, area and aspect come from its bounding box (1 pt =
// 1 px here). Aspect is width / height; issue 5 asks for it within 3:1.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, timedRuns } from './bench-time.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const sizes = (process.argv[2] ?? '50,200,1000').split(',').map(Number).filter(Boolean);
const RUNS = Number(process.env.RUNS) || 3;
const SHAPE = process.env.SHAPE || 'chain';
const DOT_TIMEOUT_MS = 300_000;
const elkDir = process.env.ELK_COMPARE ?? `${repo}../shared/bench/elk-compare`;
const bin = `${repo}target/release/vpcmap`;
if (!existsSync(bin)) throw new Error('build the CLI first: cargo build --release --bin vpcmap');
const work = `${repo}target/layout-compare/`;
mkdirSync(work, { recursive: true });
const elkEnv = { ...process.env, VPCMAP_ELK_CACHE: `${repo}target/elk-compare/cache` };
const vpcmap = await import(pathToFileURL(`${repo}pkg/vpcmap.js`).href);
vpcmap.initSync({ module: readFileSync(`${repo}pkg/vpcmap_bg.wasm`) });
const hasDot = spawnSync('dot', ['-V']).status === 0;
if (!hasDot) console.log('`dot` is not on PATH: skipping Graphviz (apt-get install graphviz).');

/** Median ms of RUNS calls of `f` after one warm-up. */
const time = (f) => median(timedRuns(f, RUNS));

/** `vpcmap layout-check` of a layout file (exit 1 only means violations). */
function check(file, ...args) {
  const res = spawnSync(bin, ['layout-check', file, ...args], { maxBuffer: 1 << 30 });
  return JSON.parse(res.stdout.toString());
}

const quote = (text) => `"${String(text).replace(/["\\]/g, '\\$&')}"`;

/** vpcmap's layout JSON as DOT: containers as nested clusters, leaves at their size. */
function toDot(layout, splines) {
  const children = new Map(layout.nodes.map((node) => [node.id, []]));
  const roots = [];
  for (const node of layout.nodes) (children.get(node.parent) ?? roots).push(node);
  const name = new Map(layout.nodes.map((node, i) => [node.id, `n${i}`]));
  const lines = ['digraph G {', `  splines=${splines}; compound=true;`, '  node [shape=box, fixedsize=true];'];
  const emit = (node, indent) => {
    const kids = children.get(node.id);
    if (kids.length === 0) {
      const size = `width=${(node.width / 72).toFixed(4)}, height=${(node.height / 72).toFixed(4)}`;
      lines.push(`${indent}${name.get(node.id)} [label=${quote(node.label)}, ${size}];`);
      return;
    }
    lines.push(`${indent}subgraph cluster_${name.get(node.id)} {`, `${indent}  label=${quote(node.label)};`);
    for (const kid of kids) emit(kid, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const node of roots) emit(node, '  ');
  // dot's edges join nodes: an edge to a container joins its first leaf, clipped at the
  // cluster by lhead/ltail. (Extra point nodes inside the clusters crash 2.43's ortho router.)
  const leaf = (id) => (children.get(id).length === 0 ? id : leaf(children.get(id)[0].id));
  for (const edge of layout.edges) {
    const [source, target] = [leaf(edge.source), leaf(edge.target)];
    if (source === target) continue;
    const clip = [];
    if (source !== edge.source) clip.push(`ltail=cluster_${name.get(edge.source)}`);
    if (target !== edge.target) clip.push(`lhead=cluster_${name.get(edge.target)}`);
    lines.push(`  ${name.get(source)} -> ${name.get(target)}${clip.length ? ` [${clip.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Median wall ms of RUNS `dot -Tplain` runs and the drawing's size, or why there is none. */
function runDot(layout, file) {
  for (const splines of ['ortho', 'polyline']) {
    writeFileSync(file, toDot(layout, splines));
    const times = [];
    let plain = '';
    let failure = '';
    for (let i = 0; i < RUNS && !failure; i += 1) {
      const start = performance.now();
      const res = spawnSync('dot', ['-Tplain', file], { timeout: DOT_TIMEOUT_MS, maxBuffer: 1 << 30 });
      times.push(performance.now() - start);
      if (res.error?.code === 'ETIMEDOUT') {
        failure = `timeout (${DOT_TIMEOUT_MS / 1000} s)`;
      } else if (res.status !== 0) {
        // Its last word, past the "size too small for label" warnings of small boxes.
        const said = res.stderr.toString().split('\n').filter((line) => line && !line.includes('too small'));
        failure = `${res.signal ?? `exit ${res.status}`}${said.length ? `: ${said.at(-1)}` : ''}`;
      } else {
        plain = res.stdout.toString();
      }
    }
    if (failure) {
      console.log(`dot, splines=${splines}, ${layout.nodes.length} boxes: ${failure}`);
      continue;
    }
    // `graph SCALE WIDTH HEIGHT` in inches.
    const [, , width, height] = plain.split('\n', 1)[0].split(' ').map(Number);
    return { splines, ms: median(times), width: width * 72, height: height * 72 };
  }
  return null;
}

const rows = [];
const notes = [];
for (const n of sizes) {
  const doc = `${work}doc-${SHAPE}-${n}.json`;
  const native = `${work}vpcmap-${SHAPE}-${n}.json`;
  const sample = ['sample', '--vpcs', String(n), '--shape', SHAPE];
  writeFileSync(doc, execFileSync(bin, sample, { maxBuffer: 1 << 30 }));
  execFileSync(bin, ['layout', doc, '-o', native]);
  const layout = JSON.parse(readFileSync(native, 'utf8'));
  const edges = layout.edges.length;
  const boxes = layout.nodes.length;
  const row = (engine, ms, size, score) => rows.push({ n, boxes, edges, engine, ms, size, score });

  const object = JSON.parse(readFileSync(doc, 'utf8'));
  const wasmMs = time(() => vpcmap.layout(object));
  const drawMs = time(() => vpcmap.draw(object));
  const wasmLayout = vpcmap.layout(object);
  writeFileSync(`${work}wasm-${SHAPE}-${n}.json`, JSON.stringify(wasmLayout));
  row('vpcmap WASM', wasmMs, wasmLayout, check(`${work}wasm-${SHAPE}-${n}.json`));
  const nativeScore = check(native, '--time', doc, '--runs', String(RUNS));
  row('vpcmap native', nativeScore.layoutMs, layout, nativeScore);

  const elkOut = `${work}elk-${SHAPE}-${n}.json`;
  const elkArgs = [native, elkOut, '--runs', String(RUNS)];
  const elk = JSON.parse(execFileSync(`${elkDir}/run.sh`, elkArgs, { env: elkEnv, maxBuffer: 1 << 30 }));
  row('elkjs', elk.elk_ms, JSON.parse(readFileSync(elkOut, 'utf8')), check(elkOut));

  const dot = hasDot ? runDot(layout, `${work}dot-${SHAPE}-${n}.dot`) : null;
  if (dot) row(dot.splines === 'ortho' ? 'dot' : 'dot (polyline)', dot.ms, dot, null);
  const ratio = (ms) => (ms / wasmMs).toFixed(1);
  notes.push(
    `${n} VPCs: elkjs / vpcmap WASM = ${ratio(elk.elk_ms)}×` +
      (dot ? `, dot / vpcmap WASM = ${ratio(dot.ms)}×` : ', dot: not measured') +
      `; µs per box: vpcmap WASM ${((wasmMs / boxes) * 1000).toFixed(0)}` +
      `, native ${((nativeScore.layoutMs / boxes) * 1000).toFixed(0)}` +
      `; WASM draw (validate + layout + SVG) ${drawMs.toFixed(1)} ms`,
  );
}

const f = (v, digits = 0) =>
  v === undefined || v === null
    ? ''
    : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(`\nNode ${process.version}, median of ${RUNS} runs; area in Mpx², aspect = width / height\n`);
const head = ['VPCs', 'boxes', 'edges', 'engine', 'time ms', 'crossings', 'edge length', 'bends', 'width × height'];
console.log(`| ${[...head, 'area', 'aspect', 'violations'].join(' | ')} |`);
console.log('|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const m = r.score?.metrics ?? {};
  const size = `${f(r.size.width)} × ${f(r.size.height)}`;
  const area = (r.size.width * r.size.height) / 1e6;
  const aspect = f(r.size.width / r.size.height, 2);
  const metrics = [f(m.crossings), f(m.edgeLength), f(m.bends), size, f(area, 1), aspect, f(r.score?.violations)];
  console.log(`| ${[r.n, r.boxes, r.edges, r.engine, f(r.ms, 1), ...metrics].join(' | ')} |`);
}
console.log(`\n${notes.join('\n')}`);
