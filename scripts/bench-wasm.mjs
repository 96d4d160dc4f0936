// Benchmark of validation in WebAssembly, in Node (not a test: it prints numbers, asserts
// nothing). For generated documents of 50, 200, 1000 and 5000 VPCs (`vpcmap sample --vpcs N`:
// ~5 subnets, ~3 route tables and ~1.5 peerings per VPC), it times `validate(doc)` of pkg/ — the
// JS object in, the report out, so the conversion both ways counts — median of 7 runs after one
// warm-up; and `checkDocument(text)` alone, the parse and reference check that every call starts
// with, so the rules' share shows. Issue 3's target: 1000 VPCs in under 150 ms. Then the calls an
// editor makes per edit (issue 6: redraw within one frame at 50 VPCs): `draw(doc)` (one parse,
// validation, layout and the SVG with badges, as the design tool's worker calls it; after an edit
// that moves no box and after one that does, since `draw` reuses the last routes), and
// `layout(doc)` and `renderSvg(doc)` alone, so the layout's and the drawing's shares show.
//
//   node scripts/bench-wasm.mjs [50,200,1000,5000]   (needs pkg/ and target/{release,debug}/vpcmap)
//
// VPCMAP_PKG=DIR times another build of the full core instead (DIR/vpcmap.js and
// DIR/vpcmap_bg.wasm, e.g. a wasm-pack --out-dir with another profile), to compare profiles.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, timedRuns } from './bench-time.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const sizes = (process.argv[2] ?? '50,200,1000,5000').split(',').map(Number).filter(Boolean);
const bin = [`${repo}target/release/vpcmap`, `${repo}target/debug/vpcmap`].find((path) => existsSync(path));
if (!bin) throw new Error('build the CLI first: cargo build --release --bin vpcmap');
const pkg = process.env.VPCMAP_PKG ? `${process.env.VPCMAP_PKG.replace(/\/$/, '')}/` : `${repo}pkg/`;
const vpcmap = await import(pathToFileURL(`${pkg}vpcmap.js`).href);
vpcmap.initSync({ module: readFileSync(`${pkg}vpcmap_bg.wasm`) });

const RUNS = 7;
/** Median and minimum of RUNS timed calls of `f` (after one warm-up), in ms. */
function time(f) {
  const times = timedRuns(f, RUNS);
  return `${median(times).toFixed(1)} ms (min ${times[0].toFixed(1)})`;
}
for (const n of sizes) {
  const text = execFileSync(bin, ['sample', '--vpcs', String(n)], { maxBuffer: 1 << 30 }).toString();
  const doc = JSON.parse(text);
  const findings = vpcmap.validate(doc).findings.length;
  const whole = time(() => vpcmap.validate(doc));
  const parse = time(() => vpcmap.checkDocument('doc.json', text));
  console.log(`${n} VPCs (WASM, Node ${process.version}, median of ${RUNS}): validate ${whole}, of which parsing ${parse}; ${findings} findings`);
  const options = { style: false };
  // `draw` keeps the last routes and reuses them when no box moved, so each call draws an
  // edited document, as the editor does: a rename (a name as long as the last: the same boxes,
  // the routes reused) and a subnet added or removed (boxes move: every route searched).
  let edits = 0;
  const renamed = () => {
    edits += 1;
    doc.vpcs[0].name = `bench-${edits % 2}`;
    return vpcmap.draw(doc, options);
  };
  // A name of another width changes the VPC's title: the grid is built again and its title
  // flags compared (the routes are still reused when the wider title covers no further point).
  const retitled = () => {
    edits += 1;
    doc.vpcs[0].name = edits % 2 ? 'bench' : 'a much longer name for the bench';
    return vpcmap.draw(doc, options);
  };
  const extra = { id: 'subnet-bench', vpc: doc.vpcs[0].id, az: doc.subnets.find((s) => s.vpc === doc.vpcs[0].id).az, cidr: '10.255.255.0/24' };
  const withSubnet = { ...doc, subnets: [...doc.subnets, extra] };
  const moved = () => {
    edits += 1;
    return vpcmap.draw(edits % 2 ? withSubnet : doc, options);
  };
  const drawRenamed = time(renamed);
  const drawRetitled = time(retitled);
  doc.vpcs[0].name = 'bench-0';
  const drawMoved = time(moved);
  // `layout` shares draw's memo: alternate the two documents so that every route is searched.
  const layout = time(() => {
    edits += 1;
    return vpcmap.layout(edits % 2 ? withSubnet : doc);
  });
  const render = time(() => vpcmap.renderSvg(doc, options));
  console.log(`  per edit: draw after a rename of one width (routes reused, no grid) ${drawRenamed}; of another width (grid rebuilt) ${drawRetitled}; after a subnet added or removed (routes searched) ${drawMoved}; layout alone (routes searched) ${layout}; renderSvg (layout + SVG, no validation) ${render}`);
}
