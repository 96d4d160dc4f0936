// The design tool in Debian's Chromium: the sample draws with its findings, a finding selects its
// resources, a dropped/opened file replaces the document, a broken file leaves it untouched, and
// the work survives a reload, and nothing is fetched from outside the served site. Screenshots go
// to test-results/ for review. scripts/test passes VPCMAP_BASE_URL (its own server, stopped by a
// trap); run alone, the test starts scripts/serve.mjs on a free port itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

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

after(async () => {
  await browser?.close();
  server?.kill();
});

/** A fresh page that records console errors and page errors. */
async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  // No network at run time: every request stays on the served site (blob: and data: are local).
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !/^(blob|data):/.test(url)) problems.push(`off-site request: ${url}`);
  });
  await page.goto(baseUrl);
  return { context, page, problems };
}

const tiny = {
  format: 'vpcmap/1',
  name: 'Tiny',
  vpcs: [{ id: 'vpc-tiny', name: 'tiny-vpc', region: 'eu-north-1', cidrs: ['10.9.0.0/16'] }],
  subnets: [{ id: 'subnet-tiny', name: 'tiny-subnet', vpc: 'vpc-tiny', az: 'eu-north-1a', cidr: '10.9.1.0/24' }],
};

test('the sample draws with its findings, and a finding selects its resources', async () => {
  const { context, page, problems } = await openPage();
  await page.waitForSelector('#diagram svg [data-kind="vpc"]');
  assert.equal(await page.locator('#diagram [data-kind="vpc"]').count(), 4);
  assert.equal(await page.locator('#diagram [data-kind="region"]').count(), 2);
  assert.ok(await page.locator('#diagram [data-kind="peering"]').count() >= 2);
  await page.waitForSelector('.vm-findings .vm-finding');
  assert.ok(await page.locator('.vm-findings .vm-finding-error').count() >= 1);
  assert.match(await page.locator('#findings-count').innerText(), /^[1-9]\d*$/);
  assert.equal(await page.locator('#diagram .vm-selected').count(), 0, 'nothing selected before a click');
  const finding = page.locator('.vm-finding', { hasText: 'PEERING_TRANSITIVE' });
  await finding.waitFor();
  await finding.click();
  await page.waitForSelector('#diagram .vm-selected[data-id="vpc-0b2e0shared"]');
  // The diagram styles are applied through the adopted stylesheet (the CSP blocks inline <style>).
  const stroke = await page.locator('#diagram [data-kind="vpc"] rect').first().evaluate((el) => getComputedStyle(el).strokeWidth);
  assert.notEqual(stroke, '1px');
  await page.screenshot({ path: `${results}/sample.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('opening a file replaces the document; a broken file leaves it untouched; work survives a reload', async () => {
  const { context, page, problems } = await openPage();
  await page.waitForSelector('#diagram [data-kind="vpc"]');
  await page.setInputFiles('#file-input', { name: 'tiny.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tiny)) });
  await page.waitForSelector('#diagram [data-id="vpc-tiny"]');
  assert.equal(await page.locator('#diagram [data-kind="vpc"]').count(), 1);
  assert.match(await page.locator('.vm-findings').innerText(), /No findings/);

  const broken = { format: 'vpcmap/1', vpcs: [{ id: 'vpc-b', region: 'r', cidrs: ['10.0.0.0/33'] }] };
  await page.setInputFiles('#file-input', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await page.waitForSelector('#status[data-kind="error"]');
  assert.match(await page.locator('#status').innerText(), /broken\.json: \$\.vpcs\[0\]\.cidrs\[0\]: expected an IPv4 CIDR/);
  assert.equal(await page.locator('#diagram [data-id="vpc-tiny"]').count(), 1, 'the previous diagram stays');

  await page.reload();
  await page.waitForSelector('#diagram [data-id="vpc-tiny"]');
  await page.screenshot({ path: `${results}/opened-file.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an AWS describe-* export opens as a diagram', async () => {
  const { context, page, problems } = await openPage();
  await page.waitForSelector('#diagram [data-kind="vpc"]');
  const files = [
    { name: 'Vpcs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ Vpcs: [{ VpcId: 'vpc-aws1', CidrBlock: '10.1.0.0/16', Tags: [{ Key: 'Name', Value: 'from-aws' }] }] })) },
    { name: 'Subnets.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ Subnets: [{ SubnetId: 'subnet-aws1', VpcId: 'vpc-aws1', CidrBlock: '10.1.0.0/24', AvailabilityZone: 'ca-central-1a' }] })) },
  ];
  await page.setInputFiles('#file-input', files);
  await page.waitForSelector('#diagram [data-id="vpc-aws1"]');
  assert.equal(await page.locator('#diagram [data-id="region:ca-central-1"]').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('dropping a file anywhere on the page opens it', async () => {
  const { context, page, problems } = await openPage();
  await page.waitForSelector('#diagram [data-kind="vpc"]');
  const text = JSON.stringify({ ...tiny, vpcs: [{ ...tiny.vpcs[0], id: 'vpc-dropped' }], subnets: [] });
  const dataTransfer = await page.evaluateHandle((json) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
    return transfer;
  }, text);
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  assert.equal(await page.locator('#drop-overlay').isVisible(), true, 'the drop zone shows while dragging');
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await page.waitForSelector('#diagram [data-id="vpc-dropped"]');
  assert.equal(await page.locator('#drop-overlay').isVisible(), false);
  assert.equal(await page.locator('#diagram [data-kind="vpc"]').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a trap in the core shows "vpcmap stopped" and keeps the document', async () => {
  // Serve a pkg/vpcmap.js whose importFiles traps, as a Rust panic does (RuntimeError: unreachable).
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  await context.route('**/pkg/vpcmap.js', async (route) => {
    const response = await route.fetch();
    const source = (await response.text()).replace(
      'export function importFiles(files) {',
      "export function importFiles(files) { throw new WebAssembly.RuntimeError('unreachable');",
    );
    assert.ok(source.includes("RuntimeError('unreachable')"), 'the patch applied');
    await route.fulfill({ response, body: source });
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  await page.goto(baseUrl);
  await page.waitForSelector('#diagram [data-kind="vpc"]');
  const before = await page.locator('#diagram [data-kind="vpc"]').count();
  assert.equal(await page.locator('#stopped').isVisible(), false);
  await page.setInputFiles('#file-input', { name: 'tiny.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tiny)) });
  await page.waitForSelector('#stopped', { state: 'visible' });
  assert.match(await page.locator('#status').innerText(), /vpcmap stopped \(unreachable\): your document is kept/);
  assert.equal(await page.locator('#diagram [data-kind="vpc"]').count(), before, 'the diagram stays');
  // Every later call fails fast instead of running on a core whose memory may be half-updated.
  const later = await page.evaluate(async () => {
    const core = await import('/src/vpcmap.js');
    return core.version().then(() => 'ran', (err) => `${err.constructor.name}: ${err.message}`);
  });
  assert.equal(later, 'CoreStopped: vpcmap stopped (unreachable)');
  assert.deepEqual(problems, []);
  await context.close();
});
