// The design tool's files-out journey in Debian's Chromium (issue 6): export SVG, PNG and draw.io
// from the editor and check each downloaded file — the SVG parses and names the VPCs, the PNG is
// a PNG twice the diagram's size, the draw.io XML has a cell for every box on the diagram and
// every edge — then save the native JSON and open it in a fresh profile: the same document.
// Same setup as editor.test.mjs (VPCMAP_BASE_URL, else a server of its own; the page under the
// server's CSP; any console error fails). The end state's screenshot goes to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const results = `${repo}test-results`;
mkdirSync(results, { recursive: true });
const oneWay = readFileSync(`${repo}www/test/fixtures/peered-one-way.json`);

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

/** @returns {Promise<string>} */
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

/** A fresh page (own storage) that records console errors, page errors and off-site requests. */
async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(baseUrl) && !/^(blob|data):/.test(target)) problems.push(`off-site request: ${target}`);
  });
  await page.goto(baseUrl);
  await page.waitForSelector('#diagram svg [data-kind="vpc"]');
  return { context, page, problems };
}

async function openDoc(page, name, buffer, waitFor) {
  await page.setInputFiles('#file-input', { name, mimeType: 'application/json', buffer });
  await page.waitForSelector(`#diagram [data-id="${waitFor}"]`);
}

/** Click `button` and return the downloaded file's name and bytes. */
async function download(page, button) {
  const event = page.waitForEvent('download');
  await page.click(button);
  const file = await event;
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

const doc = (page) => page.evaluate(() => window.vpcmapEditor.history.doc);

test('export SVG, PNG and draw.io, each file checked; save the native JSON and re-open it: same document', async () => {
  const { context, page, problems } = await openPage();
  await openDoc(page, 'peered-one-way.json', oneWay, 'vpc-app');
  const shown = await page.$$eval('#diagram [data-kind][data-id]:not([data-source])', (gs) => gs.map((g) => g.getAttribute('data-id')));
  const shownEdges = await page.$$eval('#diagram [data-source][data-id]', (gs) => gs.map((g) => g.getAttribute('data-id')));
  assert.ok(shown.includes('vpc-app') && shown.includes('vpc-data') && shownEdges.length > 0, `${shown} / ${shownEdges}`);

  // The files are parsed in a blank page of their own: the editor's CSP (rightly) reports the
  // exported SVG's inline <style> even in a document that is only parsed.
  const reader = await context.newPage();

  // SVG: well-formed XML with its own stylesheet, naming both VPCs.
  const svg = await download(page, '#export-button');
  assert.equal(svg.name, 'diagram.svg');
  const svgFacts = await reader.evaluate((text) => {
    const xml = new DOMParser().parseFromString(text, 'image/svg+xml');
    const texts = [...xml.querySelectorAll('text')].map((t) => t.textContent);
    return {
      error: xml.querySelector('parsererror')?.textContent ?? null,
      root: xml.documentElement.localName,
      style: xml.querySelector('style') !== null,
      texts,
      width: Number(xml.documentElement.getAttribute('width')),
      height: Number(xml.documentElement.getAttribute('height')),
    };
  }, String(svg.bytes));
  assert.equal(svgFacts.error, null);
  assert.equal(svgFacts.root, 'svg');
  assert.ok(svgFacts.style, 'the exported SVG stands alone');
  assert.ok(svgFacts.texts.includes('app') && svgFacts.texts.includes('data'), svgFacts.texts.join(' | '));

  // PNG: the signature, and an IHDR twice the SVG's size (the editor draws at scale 2).
  const png = await download(page, '#png-button');
  assert.equal(png.name, 'diagram.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [Math.ceil(svgFacts.width * 2), Math.ceil(svgFacts.height * 2)]);

  // draw.io: one mxGraphModel, cells 0 and 1, a vertex for every box on the diagram and an edge
  // cell for every edge, each edge's ends existing cells, every parent an existing cell.
  const drawio = await download(page, '#drawio-button');
  assert.equal(drawio.name, 'diagram.drawio');
  const drawioFacts = await reader.evaluate((text) => {
    const xml = new DOMParser().parseFromString(text, 'application/xml');
    const cells = [...xml.querySelectorAll('mxfile > diagram > mxGraphModel > root > mxCell')];
    const ids = new Set(cells.map((c) => c.getAttribute('id')));
    return {
      error: xml.querySelector('parsererror')?.textContent ?? null,
      first: cells.slice(0, 2).map((c) => [c.getAttribute('id'), c.getAttribute('parent')]),
      vertices: cells.filter((c) => c.getAttribute('vertex') === '1').map((c) => c.getAttribute('id')),
      edges: cells.filter((c) => c.getAttribute('edge') === '1').map((c) => c.getAttribute('id')),
      danglingParents: cells.slice(1).filter((c) => !ids.has(c.getAttribute('parent'))).length,
      danglingEnds: cells.filter((c) => c.getAttribute('edge') === '1')
        .filter((c) => !ids.has(c.getAttribute('source')) || !ids.has(c.getAttribute('target'))).length,
      labels: cells.map((c) => c.getAttribute('value')),
    };
  }, String(drawio.bytes));
  assert.equal(drawioFacts.error, null);
  assert.deepEqual(drawioFacts.first, [['0', null], ['1', '0']]);
  assert.deepEqual([...drawioFacts.vertices].sort(), shown.map((id) => `v:${id}`).sort());
  assert.deepEqual([...drawioFacts.edges].sort(), shownEdges.map((id) => `e:${id}`).sort());
  assert.equal(drawioFacts.danglingParents, 0);
  assert.equal(drawioFacts.danglingEnds, 0);
  assert.ok(drawioFacts.labels.some((label) => label?.startsWith('app\n10.')), drawioFacts.labels.join(' | '));

  // Native JSON: saved, then opened in another profile (its own storage), is the same document.
  const saved = await download(page, '#save-button');
  assert.equal(saved.name, 'topology.json');
  const original = await doc(page);
  assert.deepEqual(JSON.parse(String(saved.bytes)), original);
  await page.screenshot({ path: `${results}/editor-export.png` });
  assert.deepEqual(problems, []);
  await context.close();

  const other = await openPage();
  await openDoc(other.page, 'topology.json', saved.bytes, 'vpc-data');
  assert.deepEqual(await doc(other.page), original);
  assert.equal(await other.page.locator('#doc-name').innerText(), 'Peered, routed one way');
  assert.deepEqual(other.problems, []);
  await other.context.close();
});
