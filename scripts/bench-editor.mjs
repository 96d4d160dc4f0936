// Benchmark of the design tool in Chromium (not a test: it prints numbers, asserts nothing).
// For the built-in sample and generated documents of 50, 200 and 1000 VPCs (`vpcmap sample
// --vpcs N`), it measures load-to-first-draw (navigation start to the first diagram in the page,
// the document restored from localStorage as on a reload) and edit-to-redraw (an edit through the
// page's history — rename a VPC — until the new diagram, findings, outline and panel are in the
// DOM and the next animation frame has run), median and worst of the first 10 edits, and median
// of the 20 after them: V8 runs the core's WebAssembly from its baseline compiler first and
// recompiles the hot functions with its optimising one in the background, which takes a dozen or
// so edits at 50 VPCs, so the first edits and the later ones are two different numbers. A rename
// moves no box, so the core reuses its last routes (`layout::Memo`); the last column is 10 edits
// after those that do move boxes (a subnet added to the first VPC, then removed again), which
// route every edge. For renames 11-30 it also gives the time until the result is in the DOM,
// and how many of them were in the DOM before the next frame began (each edit starts as a frame
// begins): those are shown by the first frame after the edit.
//
//   node scripts/bench-editor.mjs [50,200,1000]     (needs pkg/ and target/{release,debug}/vpcmap)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { openRestored, serve } from './editor-page.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const sizes = (process.argv[2] ?? '50,200,1000').split(',').map(Number).filter(Boolean);
const bin = [`${repo}target/release/vpcmap`, `${repo}target/debug/vpcmap`].find((path) => existsSync(path));
if (!bin) throw new Error('build the CLI first: cargo build --release --bin vpcmap');

const { url, stop } = await serve();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const inputs = [['sample', execFileSync(bin, ['sample'], { encoding: 'utf8', maxBuffer: 1 << 28 })]];
for (const n of sizes) inputs.push([`${n} VPCs`, execFileSync(bin, ['sample', '--vpcs', String(n)], { encoding: 'utf8', maxBuffer: 1 << 28 })]);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('| document | size | load to first draw | first 10 edits: median | (worst) | edits 11-30: median | 11-30: in the DOM, median | 11-30: within one frame | a subnet added or removed: median |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [name, text] of inputs) {
  const { context, page } = await openRestored(browser, url, text);
  const load = Number(await page.locator('#diagram').getAttribute('data-drawn-at'));
  // Each rename starts at the beginning of a frame (in an animation frame callback, as the
  // worst case of an input), and is timed to the moment its diagram, findings, outline and panel
  // are in the DOM (`work`) and to the next animation frame after that. `frames` counts the
  // frames that began while it was in progress: 0 means the first frame after the input shows
  // the result, which is the "within one frame".
  const renames = await page.evaluate(async () => {
    const { history } = /** @type {any} */ (window).vpcmapEditor;
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    const out = { times: /** @type {number[]} */ ([]), work: /** @type {number[]} */ ([]), frames: /** @type {number[]} */ ([]) };
    for (let i = 0; i < 30; i++) {
      await nextFrame();
      const started = performance.now();
      let frames = 0;
      let counting = true;
      const tick = () => {
        if (!counting) return;
        frames += 1;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      await history.edit('bench', (/** @type {any} */ doc) => { doc.vpcs[0].name = `bench-${i}`; });
      counting = false;
      out.work.push(performance.now() - started);
      out.frames.push(frames);
      await nextFrame();
      out.times.push(performance.now() - started);
    }
    return out;
  });
  const edits = renames.times;
  const moves = await page.evaluate(async () => {
    const { history } = /** @type {any} */ (window).vpcmapEditor;
    const times = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await history.edit('bench', (doc) => {
        const at = doc.subnets.findIndex((s) => s.id === 'subnet-bench');
        if (at >= 0) doc.subnets.splice(at, 1);
        else doc.subnets.push({ id: 'subnet-bench', vpc: doc.vpcs[0].id, az: doc.subnets.find((s) => s.vpc === doc.vpcs[0].id)?.az, cidr: '10.255.255.0/24' });
      });
      await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
      times.push(performance.now() - started);
    }
    return times;
  });
  const vpcs = JSON.parse(text).vpcs.length;
  console.log(`| ${name} | ${vpcs} VPCs, ${(text.length / 1024).toFixed(0)} KB | ${load.toFixed(0)} ms | ${median(edits.slice(0, 10)).toFixed(0)} ms | ${Math.max(...edits.slice(0, 10)).toFixed(0)} ms | ${median(edits.slice(10)).toFixed(0)} ms | ${median(renames.work.slice(10)).toFixed(1)} ms | ${renames.frames.slice(10).filter((f) => f === 0).length} of 20 | ${median(moves).toFixed(0)} ms |`);
  await context.close();
}
await browser.close();
stop();
