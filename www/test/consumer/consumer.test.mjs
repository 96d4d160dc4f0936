// Consumer tests of the packed npm tarball (scripts/package writes target/npm/vpcmap-<version>.tgz),
// installed with npm into a temporary project outside the repo, as a user would:
//   1. Node: a script imports `vpcmap` (the "node" export) and validates and draws a topology;
//   2. TypeScript: a strict .ts file type-checks against the shipped .d.ts (and misuse fails);
//   3. Vite: a page using <vpc-map> is built, served on 127.0.0.1 and checked in Chromium;
//   4. no bundler: a plain HTML page loads node_modules/vpcmap/src/vpc-map.js with <script type="module">.
// The pages are served with the design tool's Content-Security-Policy and must make no off-site
// request. npm reaches the registry for vite only (pinned below). scripts/test runs this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const VITE = 'vite@8.4.0';
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const version = /^version = "([^"]+)"/m.exec(readFileSync(`${repo}Cargo.toml`, 'utf8'))?.[1];
const tarball = process.env.VPCMAP_TARBALL || `${repo}target/npm/vpcmap-${version}.tgz`;
const demo = `${repo}www/demos/web-app.json`;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:";

/** @type {string} */ let project;
/** @type {import('playwright-core').Browser} */ let browser;
/** @type {import('node:http').Server[]} */ const servers = [];

/** Run a command in the project and return its output; a failure says what it printed. */
function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${err.stdout}${err.stderr}`);
  }
}

before(async () => {
  assert.ok(existsSync(tarball), `${tarball} is missing: run scripts/package first`);
  project = mkdtempSync(join(tmpdir(), 'vpcmap-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball, VITE]);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  for (const server of servers) server.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Serve `dir` on a free 127.0.0.1 port with the CSP header; resolves to the base URL. @param {string} dir */
function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(dir, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(readFileSync(file));
  });
  servers.push(server);
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${/** @type {any} */ (server.address()).port}/`)));
}

/** Open `url`; collects console errors, page errors and off-site requests. @param {string} url */
async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(String(err)));
  /** @type {string[]} */
  const wasm = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(new URL(url).origin)) problems.push(`off-site request: ${request.url()}`);
    if (new URL(request.url()).pathname.endsWith('.wasm')) wasm.push(new URL(request.url()).pathname.split('/').pop() ?? '');
  });
  await page.goto(url);
  return { page, problems, wasm };
}

/** A native document is drawn by the viewer core alone: the full core is never fetched. @param {string[]} wasm */
function onlyViewerCore(wasm) {
  assert.equal(wasm.length, 1, `one WASM fetched: ${wasm}`);
  assert.match(wasm[0], /^vpcmap_viewer_bg[-.\w]*\.wasm$/);
}

/** The diagram is drawn, its finding listed, and the trace-from/trace-to path highlighted. */
async function checkElement(page) {
  await page.waitForSelector('vpc-map .diagram svg [data-kind="vpc"]');
  assert.equal(await page.locator('vpc-map [data-kind="vpc"]').count(), 2);
  assert.ok(await page.locator('vpc-map [data-id="igw-web"]').count() === 1);
  await page.waitForSelector('vpc-map .findings .vm-finding');
  assert.match(await page.locator('vpc-map .findings').innerText(), /PEERING_ROUTE_MISSING/);
  // The diagram stylesheet reached the shadow root (adopted; the CSP blocks inline <style>).
  const stroke = await page.locator('vpc-map [data-kind="vpc"] rect').first().evaluate((el) => getComputedStyle(el).strokeWidth);
  assert.equal(stroke, '1.5px');
  await page.waitForSelector('vpc-map .vm-trace[data-id="igw-web"]');
  assert.ok(await page.locator('vpc-map .vm-trace').count() >= 2, 'the path is highlighted hop by hop');
}

test('Node: the "node" export validates and draws a topology offline', () => {
  cpSync(demo, join(project, 'web-app.json'));
  writeFileSync(join(project, 'check.mjs'), `
    import { readFileSync } from 'node:fs';
    import { validate, renderSvg, importFiles, version } from 'vpcmap';
    const text = readFileSync('web-app.json', 'utf8');
    const report = await validate(JSON.parse(text));
    const { topology } = await importFiles([{ path: 'eu-west-1/Vpcs.json', text: JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] }) }]);
    let error = null;
    try { await validate({ format: 'vpcmap/1', vpcs: [{ id: 'v', region: 'r', cidrs: ['10.0.0.0/33'] }] }); } catch (err) { error = err.message; }
    console.log(JSON.stringify({ entry: import.meta.resolve('vpcmap'), version: await version(), report, svg: await renderSvg(JSON.parse(text), { findings: true }), vpc: topology.vpcs[0].id, error }));
  `);
  const out = JSON.parse(run(process.execPath, ['check.mjs']));
  assert.match(out.entry, /node_modules\/vpcmap\/src\/node\.js$/);
  assert.equal(out.version, version);
  assert.equal(out.report.summary.errors, 0);
  assert.equal(out.report.summary.warnings, 1);
  assert.equal(out.report.findings[0].code, 'PEERING_ROUTE_MISSING', 'the warning comes first');
  assert.equal(out.svg, readFileSync(`${repo}www/demos/web-app.svg`, 'utf8'), 'the same SVG as `vpcmap render`');
  assert.equal(out.vpc, 'vpc-1');
  assert.equal(out.error, 'document: $.vpcs[0].cidrs[0]: expected an IPv4 CIDR such as 10.0.0.0/16, found "10.0.0.0/33"');
});

test('TypeScript: the shipped types check, and misuse is a type error', () => {
  writeFileSync(join(project, 'use.ts'), `
    import { validate, renderSvg, type VpcmapDocument, type Report } from 'vpcmap';
    import { VpcMapElement } from 'vpcmap/vpc-map';
    import { renderFences } from 'vpcmap/fences';
    const doc: VpcmapDocument = { format: 'vpcmap/1', vpcs: [] };
    export async function main(): Promise<number> {
      const report: Report = await validate(doc);
      const svg: string = await renderSvg(doc, { theme: 'dark', findings: true });
      const element = document.querySelector('vpc-map') as VpcMapElement;
      const trace = await element.trace({ from: 'a', to: 'b' });
      const made: VpcMapElement[] = renderFences(document, { findings: 'list' });
      // @ts-expect-error a theme the renderer does not know
      await renderSvg(doc, { theme: 'sepia' });
      // @ts-expect-error a document needs its format
      await validate({ vpcs: [] });
      return report.summary.errors + svg.length + trace.hops.length + made.length;
    }
  `);
  const tsc = `${repo}node_modules/typescript/bin/tsc`;
  const common = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom,dom.iterable', 'use.ts'];
  run(process.execPath, [tsc, '--module', 'esnext', '--moduleResolution', 'bundler', ...common]);
  run(process.execPath, [tsc, '--module', 'nodenext', '--moduleResolution', 'nodenext', ...common]);
});

test('Vite: a built page with <vpc-map> draws, lists findings and highlights the trace', async () => {
  const app = join(project, 'app');
  mkdirSync(join(app, 'public'), { recursive: true });
  cpSync(demo, join(app, 'public', 'web-app.json'));
  writeFileSync(join(app, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><title>consumer</title><link rel="icon" href="data:,">
    <script type="module" src="./main.js"></script></head><body>
    <vpc-map src="web-app.json" findings="list" trace-from="subnet-web-app" trace-to="internet" height="600"></vpc-map>
    </body></html>`);
  writeFileSync(join(app, 'main.js'), "import 'vpcmap/vpc-map';\n");
  run(process.execPath, [join(project, 'node_modules/vite/bin/vite.js'), 'build', app, '--outDir', join(app, 'dist'), '--emptyOutDir', '--logLevel', 'warn']);
  const base = await serve(join(app, 'dist'));
  const { page, problems, wasm } = await open(base);
  await checkElement(page);
  onlyViewerCore(wasm);
  await page.screenshot({ path: `${repo}test-results/consumer-vite.png` });
  assert.deepEqual(problems, []);
  await page.close();
});

test('no bundler: a plain HTML page loads the package files with <script type="module">', async () => {
  writeFileSync(join(project, 'plain.html'), `<!doctype html><html><head><meta charset="utf-8"><title>plain</title><link rel="icon" href="data:,">
    <script type="module" src="node_modules/vpcmap/src/vpc-map.js"></script></head><body>
    <vpc-map src="web-app.json" findings="list" trace-from="subnet-web-app" trace-to="internet"></vpc-map>
    </body></html>`);
  const base = await serve(project);
  const { page, problems, wasm } = await open(`${base}plain.html`);
  await checkElement(page);
  onlyViewerCore(wasm);
  assert.deepEqual(problems, []);
  await page.close();
});

test('no bundler: AWS describe-* JSON in src loads the full core and draws', async () => {
  writeFileSync(join(project, 'aws.json'), JSON.stringify({
    Vpcs: [{ VpcId: 'vpc-aws1', CidrBlock: '10.9.0.0/16' }],
    Subnets: [{ SubnetId: 'subnet-aws1', VpcId: 'vpc-aws1', CidrBlock: '10.9.1.0/24', AvailabilityZone: 'eu-west-1a' }],
  }));
  writeFileSync(join(project, 'plain-aws.html'), `<!doctype html><html><head><meta charset="utf-8"><title>plain aws</title><link rel="icon" href="data:,">
    <script type="module" src="node_modules/vpcmap/src/vpc-map.js"></script></head><body>
    <vpc-map src="aws.json"></vpc-map>
    </body></html>`);
  const base = await serve(project);
  const { page, problems, wasm } = await open(`${base}plain-aws.html`);
  await page.waitForSelector('vpc-map [data-id="subnet-aws1"]');
  assert.ok(wasm.includes('vpcmap_bg.wasm'), `the full core for the importer: ${wasm}`);
  assert.deepEqual(problems, []);
  await page.close();
});
