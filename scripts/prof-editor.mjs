// Where one edit's time goes in the design tool (not a test: it prints, asserts nothing). Loads a
// document as scripts/bench-editor.mjs does (restored from localStorage), makes 20 renames to
// warm the core up, then records five renames of a VPC with Chromium's CPU profiler and a
// trace, and prints:
//   - each edit's time to the next frame, and Chromium's Layout time per edit;
//   - the page's JavaScript by self time (functions, with file:line);
//   - the trace's main-thread events by total time (Layout, Paint, HandlePostMessage, …);
//   - why layout was invalidated (LayoutInvalidationTracking: "SVG changed" on every diagram
//     element means the whole SVG was laid out again).
// The trace is kept in target/prof-editor/trace.json (open it in Chromium's Performance panel).
//
//   node scripts/prof-editor.mjs [VPCS]      (default 50; 0 = the built-in sample; needs pkg/ and
//                                             target/release/vpcmap)
//   EDIT=subnet node scripts/prof-editor.mjs  profiles an edit that moves boxes instead (a subnet
//                                             added to the first VPC, then removed)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { openRestored, serve } from './editor-page.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const vpcs = Number(process.argv[2] ?? 50);
const out = `${repo}target/prof-editor`;
mkdirSync(out, { recursive: true });
const bin = `${repo}target/release/vpcmap`;
const text = execFileSync(bin, vpcs ? ['sample', '--vpcs', String(vpcs)] : ['sample'], { encoding: 'utf8', maxBuffer: 1 << 28 });

const { url, stop } = await serve();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const { context, page } = await openRestored(browser, url, text);

  // The profile is of warm code: V8 runs a new WASM module in its baseline compiler for about
  // 15 calls, so 20 unprofiled renames come first (bench-editor reports both phases).
  await page.evaluate(async () => {
    const { history } = /** @type {any} */ (window).vpcmapEditor;
    for (let i = 0; i < 20; i++) await history.edit('warm-up', (/** @type {any} */ doc) => { doc.vpcs[0].name = `warm-${i}`; });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const tracePath = `${out}/trace.json`;
  await browser.startTracing(page, {
    path: tracePath,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.invalidationTracking'],
  });
  await cdp.send('Profiler.start');
  const edits = await page.evaluate(async (kind) => {
    const { history } = /** @type {any} */ (window).vpcmapEditor;
    const times = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await history.edit('profile', (/** @type {any} */ doc) => {
        if (kind !== 'subnet') {
          doc.vpcs[0].name = `profiled-${i}`;
          return;
        }
        const at = doc.subnets.findIndex((/** @type {any} */ s) => s.id === 'subnet-profiled');
        if (at >= 0) doc.subnets.splice(at, 1);
        else doc.subnets.push({ id: 'subnet-profiled', vpc: doc.vpcs[0].id, az: doc.subnets.find((/** @type {any} */ s) => s.vpc === doc.vpcs[0].id)?.az, cidr: '10.255.255.0/24' });
      });
      await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
      times.push(performance.now() - started);
    }
    return times;
  }, process.env.EDIT ?? 'rename');
  const { profile } = await cdp.send('Profiler.stop');
  await browser.stopTracing();

  const ms = (/** @type {number} */ us) => (us / 1000).toFixed(1).padStart(8);
  const events = JSON.parse(readFileSync(tracePath, 'utf8')).traceEvents;
  const threads = Object.fromEntries(events.filter((e) => e.name === 'thread_name').map((e) => [e.tid, e.args.name]));
  const main = events.filter((e) => e.ph === 'X' && e.dur && threads[e.tid] === 'CrRendererMain');
  console.log(`${vpcs || 'sample'} (${(text.length / 1024).toFixed(0)} KB): edits ${edits.map((t) => t.toFixed(0)).join(' ')} ms; Layout per edit ${main.filter((e) => e.name === 'Layout').map((e) => (e.dur / 1000).toFixed(0)).join(' ')} ms`);

  console.log('\nJavaScript by self time (all five edits):');
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<string, number>} */
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms(us)} ms  ${key}`);

  // Inclusive time of the page's own functions (www/…): a sample counts once for every distinct
  // page function on its stack, so a function's line says what its whole call costs.
  console.log('\nThe page\'s functions by total time, callees included (all five edits):');
  /** @type {Map<number, number>} */
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  /** @type {Map<string, number>} */
  const inclusive = new Map();
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parentOf.get(at)) {
      const frame = nodes.get(at).callFrame;
      if (!frame.url.includes('/src/')) continue;
      const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  });
  for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms(us)} ms  ${key}`);

  // Trace events nest (a Paint of the document holds the Paint of each pane), so an event counts
  // only where no event of its name encloses it on its thread; per edit = the total / 5.
  /** @param {any[]} list */
  const outermost = (list) => {
    /** @type {Map<string, number>} */
    const totals = new Map();
    /** @type {Map<string, number>} */
    const open = new Map();
    for (const e of [...list].sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
      const key = `${e.tid} ${e.name}`;
      if ((open.get(key) ?? -1) > e.ts) continue;
      open.set(key, e.ts + e.dur);
      totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur);
    }
    return [...totals].sort((a, b) => b[1] - a[1]).slice(0, 12);
  };
  console.log('\nMain-thread trace events by total time (all five edits, outermost only):');
  for (const [name, us] of outermost(main)) console.log(`${ms(us)} ms  ${name}  (${(us / 5000).toFixed(1)} ms per edit)`);
  const workers = events.filter((e) => e.ph === 'X' && e.dur && /^DedicatedWorker/.test(threads[e.tid] ?? ''));
  console.log('\nWorker trace events by total time (the core\'s draw runs there from 20 VPCs):');
  for (const [name, us] of outermost(workers)) console.log(`${ms(us)} ms  ${name}  (${(us / 5000).toFixed(1)} ms per edit)`);

  console.log('\nLayout invalidations (reason and node, count over five edits):');
  /** @type {Map<string, number>} */
  const reasons = new Map();
  for (const e of events.filter((x) => x.name === 'LayoutInvalidationTracking')) {
    const key = `${e.args.data.reason}: ${e.args.data.nodeName}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${String(n).padStart(8)}  ${key}`);
} finally {
  await browser.close();
  stop();
}
