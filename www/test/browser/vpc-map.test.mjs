// <vpc-map> and the docs demo (www/demos/docs.html) in Debian's Chromium, under the served CSP:
// the three ways of embedding (tag, ```vpcmap fence, prebuilt SVG), the trace highlight, the same
// SVG as `vpcmap render`, the attributes, properties, events and theming. scripts/test passes
// VPCMAP_BASE_URL; run alone, the test starts scripts/serve.mjs on a free port itself.
// The docs page screenshot goes to test-results/docs-page.png (docs/embed.png is a copy of it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CEILING } from '../../../scripts/size.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const results = `${repo}test-results`;
mkdirSync(results, { recursive: true });

let server;
let baseUrl;
let browser;

before(async () => {
  baseUrl = process.env.VPCMAP_BASE_URL || (await startServer());
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

/** Start scripts/serve.mjs on a free port; resolves to its base URL. @returns {Promise<string>} */
async function startServer() {
  server = spawn(process.execPath, [`${repo}scripts/serve.mjs`], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(String(chunk));
      if (match) resolve(match[0]);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** The docs page in a fresh context; records console errors, page errors and off-site requests. */
async function openDocs(colorScheme = 'light') {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, colorScheme });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('request', (request) => {
    if (!request.url().startsWith(baseUrl) && !/^(blob|data):/.test(request.url())) problems.push(`off-site request: ${request.url()}`);
  });
  await page.goto(`${baseUrl}demos/docs.html`);
  return { context, page, problems };
}

test('docs page: the tag, the fence and the prebuilt SVG all show the diagram', async () => {
  const { context, page, problems } = await openDocs();
  // 1. The tag: drawn, its finding listed, the trace-from/trace-to path highlighted.
  await page.waitForSelector('#tag-map .diagram svg [data-kind="vpc"]');
  assert.equal(await page.locator('#tag-map [data-kind="vpc"]').count(), 2);
  await page.waitForSelector('#tag-map .findings .vm-finding-warning');
  assert.match(await page.locator('#tag-map .findings').innerText(), /PEERING_ROUTE_MISSING/);
  await page.waitForSelector('#tag-map .vm-trace[data-id="igw-web"]');
  const traced = await page.locator('#tag-map .vm-trace').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
  assert.ok(traced.includes('subnet-web-app') && traced.includes('nat-web'), `hops highlighted: ${traced}`);
  assert.match(await page.locator('#tag-map .note').innerText(), /^subnet-web-app → internet: reachable$/);
  const traceStroke = await page.locator('#tag-map .vm-trace[data-id="igw-web"] rect').first().evaluate((el) => getComputedStyle(el).strokeWidth);
  assert.equal(traceStroke, '4px', 'the highlight is styled');
  // 2. The fence became a <vpc-map> with the fenced document.
  await page.waitForSelector('vpc-map [data-id="vpc-docs"]');
  assert.equal(await page.locator('pre > code.language-vpcmap').count(), 0, 'no fence is left');
  assert.equal(await page.locator('vpc-map [data-id="subnet-docs-b"]').count(), 1);
  // 3. The prebuilt SVG (vpcmap render at build time) loads as an image, and it is the element's SVG.
  assert.ok(await page.locator('#prebuilt-svg').evaluate((img) => /** @type {HTMLImageElement} */ (img).naturalWidth > 0));
  const same = await page.evaluate(async () => {
    const element = /** @type {any} */ (document.getElementById('tag-map'));
    const prebuilt = await (await fetch('web-app.svg')).text();
    return (await element.toSVG()) === prebuilt;
  });
  assert.ok(same, 'toSVG() of the element equals the committed `vpcmap render` output');
  await page.screenshot({ path: `${results}/docs-page.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a viewer page with native documents loads the viewer core only, within the size ceiling', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  /** @type {Promise<{url: string, gzip: number}>[]} */
  const code = [];
  page.on('response', (response) => {
    if (/\.(js|wasm)$/.test(new URL(response.url()).pathname)) {
      code.push(response.body().then((body) => ({ url: new URL(response.url()).pathname, gzip: gzipSync(body, { level: 9 }).length })));
    }
  });
  await page.goto(`${baseUrl}demos/docs.html`);
  await page.waitForSelector('#tag-map .findings .vm-finding-warning');
  await page.waitForSelector('#tag-map .vm-trace[data-id="igw-web"]');
  await page.waitForSelector('vpc-map [data-id="vpc-docs"]');
  const loaded = await Promise.all(code);
  const wasm = loaded.map((file) => file.url).filter((url) => url.endsWith('.wasm'));
  assert.deepEqual(wasm, ['/pkg/vpcmap_viewer_bg.wasm'], 'drawn, findings listed and trace highlighted by the viewer core');
  assert.ok(!loaded.some((file) => file.url.endsWith('/pkg/vpcmap.js')), 'nor the full core\'s glue');
  // Everything the page ran, the docs page's own script and the fences helper included.
  const total = loaded.reduce((sum, file) => sum + file.gzip, 0);
  assert.ok(total <= CEILING, `${total} bytes gzip of JS and WASM > ${CEILING}`);
  await context.close();
});

test('<vpc-map>: properties, events, attributes and theming', async () => {
  const { context, page, problems } = await openDocs();
  await page.waitForSelector('#tag-map .diagram svg');
  const result = await page.evaluate(async () => {
    const events = [];
    const element = /** @type {any} */ (document.createElement('vpc-map'));
    for (const name of ['change', 'select', 'finding', 'error']) {
      element.addEventListener(name, (/** @type {CustomEvent} */ e) => events.push([name, e.detail]));
    }
    element.setAttribute('findings', 'list');
    element.setAttribute('height', '420');
    element.style.setProperty('--vpc-map-vpc', 'rgb(1, 2, 3)');
    document.body.append(element);
    const shadow = element.shadowRoot;
    element.document = {
      format: 'vpcmap/1',
      vpcs: [{ id: 'vpc-x', name: 'x', region: 'eu-north-1', cidrs: ['10.1.0.0/16'] }, { id: 'vpc-y', name: 'y', region: 'eu-north-1', cidrs: ['10.1.0.0/16'] }],
      vpcPeeringConnections: [{ id: 'pcx-xy', requester: { vpc: 'vpc-x' }, accepter: { vpc: 'vpc-y' } }],
    };
    await element.ready;
    const vpcStroke = getComputedStyle(shadow.querySelector('[data-id="vpc-x"] rect')).stroke;
    const height = element.getBoundingClientRect().height;
    const report = await element.validate();
    shadow.querySelector('[data-id="vpc-y"] rect').dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    const selected = shadow.querySelector('.vm-selected')?.getAttribute('data-id');
    shadow.querySelector('.findings .vm-finding').click();
    element.setAttribute('theme', 'dark');
    await element.ready;
    const darkClass = shadow.querySelector('svg').getAttribute('class');
    element.setAttribute('findings', 'hide');
    await element.ready;
    const badgesHidden = shadow.querySelectorAll('.vm-badge').length === 0 && shadow.querySelector('.findings').hidden;
    element.document = '{"format": "vpcmap/1", "vpcs": [{"id": "vpc-z", "region": "r", "cidrs": ["10.0.0.0/33"]}]}';
    await element.ready.catch(() => {});
    const errorNote = shadow.querySelector('.note.error')?.textContent;
    const kept = shadow.querySelectorAll('[data-id="vpc-x"]').length;
    return { events: events.map(([name, detail]) => [name, detail.id ?? detail.finding?.code ?? detail.report?.summary ?? detail.message]), vpcStroke, height, codes: report.findings.map((f) => f.code), selected, darkClass, badgesHidden, errorNote, kept };
  });
  assert.equal(result.vpcStroke, 'rgb(1, 2, 3)', 'a page colours the diagram through --vpc-map-vpc');
  assert.equal(result.height, 420);
  assert.ok(result.codes.includes('PEERING_CIDR_OVERLAP'), result.codes.join());
  assert.equal(result.selected, 'vpc-y');
  assert.match(result.darkClass, /vm-theme-dark/);
  assert.ok(result.badgesHidden, 'findings="hide" draws no badges and no list');
  assert.match(result.errorNote, /^document: \$\.vpcs\[0\]\.cidrs\[0\]: expected an IPv4 CIDR/);
  assert.equal(result.kept, 1, 'a bad document leaves the previous diagram');
  const names = result.events.map(([name]) => name);
  assert.deepEqual(names, ['change', 'select', 'finding', 'error']);
  assert.equal(result.events[1][1], 'vpc-y');
  assert.equal(result.events[2][1], 'PEERING_CIDR_OVERLAP');
  assert.deepEqual(problems, []);
  await context.close();
});

test('<vpc-map editable>: editing the JSON redraws and fires change; a bad src says why', async () => {
  const { context, page, problems } = await openDocs();
  await page.waitForSelector('#tag-map .diagram svg');
  await page.evaluate(() => {
    const element = document.createElement('vpc-map');
    element.id = 'editable-map';
    element.setAttribute('editable', '');
    element.setAttribute('src', 'web-app.json');
    document.body.append(element);
    const broken = document.createElement('vpc-map');
    broken.id = 'broken-map';
    broken.setAttribute('src', 'no-such-file.json');
    document.body.append(broken);
  });
  await page.waitForSelector('#editable-map [data-id="vpc-shared"]');
  const editor = page.locator('#editable-map textarea');
  await editor.waitFor();
  const text = await editor.inputValue();
  assert.match(text, /"vpc-shared"/, 'the editor shows the document');
  const changed = page.evaluate(() => new Promise((resolve) => {
    document.getElementById('editable-map')?.addEventListener('change', (e) => resolve(/** @type {CustomEvent} */ (e).detail.document.vpcs.length), { once: true });
  }));
  const doc = JSON.parse(text);
  doc.vpcs.push({ id: 'vpc-added', name: 'added', region: 'eu-west-1', cidrs: ['10.80.0.0/16'] });
  await editor.fill(JSON.stringify(doc, null, 2));
  assert.equal(await changed, 3);
  await page.waitForSelector('#editable-map [data-id="vpc-added"]');
  await editor.fill('{"format": "vpcmap/1", "vpcs": [');
  await page.waitForSelector('#editable-map .note.error');
  assert.equal(await page.locator('#editable-map [data-id="vpc-added"]').count(), 1, 'a half-typed document leaves the diagram');
  await page.waitForSelector('#broken-map .note.error');
  assert.match(await page.locator('#broken-map .note').innerText(), /no-such-file\.json: HTTP 404/);
  assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
  await context.close();
});
