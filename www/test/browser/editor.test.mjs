// The design tool's editing journeys in Debian's Chromium, as a new user does them: undo/redo,
// autosave across a reload (and a corrupt save kept aside), zoom/pan/select/drag-to-pin on the
// canvas, a CIDR typed wrong and told at once, a palette add and its undo, two overlapping VPCs
// peered then fixed, a blocked trace fixed with one click, a share link opened elsewhere, SVG/PNG
// export, the outline by keyboard and the theme toggle. The page runs under the server's CSP;
// any console error (a CSP violation is one) fails the journey. Screenshots of each end state go
// to test-results/. VPCMAP_BASE_URL as in page.test.mjs (else a server of its own).
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
async function openPage(url = baseUrl, context = null) {
  context ??= await browser.newContext({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(baseUrl) && !/^(blob|data):/.test(target)) problems.push(`off-site request: ${target}`);
  });
  await page.goto(url);
  await page.waitForSelector('#diagram svg [data-kind="vpc"]');
  return { context, page, problems };
}

/** The redraw counter; `redrawn(page, n)` waits until it passes n. */
const revision = (page) => page.locator('#diagram').getAttribute('data-revision').then(Number);
async function redrawn(page, since) {
  await page.waitForFunction((n) => Number(document.getElementById('diagram')?.dataset.revision) > n, since);
}

/** Open a document through the file input and wait for it. */
async function openDoc(page, name, buffer, waitFor) {
  await page.setInputFiles('#file-input', { name, mimeType: 'application/json', buffer });
  await page.waitForSelector(`#diagram [data-id="${waitFor}"]`);
}

const doc = (page) => page.evaluate(() => window.vpcmapEditor.history.doc);
const vpcCount = (page) => page.locator('#diagram [data-kind="vpc"]').count();
const tiny = Buffer.from(JSON.stringify({
  format: 'vpcmap/1', name: 'Tiny',
  vpcs: [{ id: 'vpc-tiny', name: 'tiny', region: 'eu-north-1', cidrs: ['10.9.0.0/16'] }],
  subnets: [{ id: 'subnet-tiny', vpc: 'vpc-tiny', az: 'eu-north-1a', cidr: '10.9.1.0/24' }],
  routeTables: [{ id: 'rtb-tiny', vpc: 'vpc-tiny', main: true, routes: [{ destination: '10.9.0.0/16', target: 'local', origin: 'CreateRouteTable' }] }],
}));

/** Click a box near its top-left corner (inside it, outside its children), as a user does. */
async function clickBox(page, id, modifiers = []) {
  const box = await page.locator(`#diagram [data-id="${id}"] > rect.vm-box`).boundingBox();
  for (const key of modifiers) await page.keyboard.down(key);
  await page.mouse.click(box.x + 12, box.y + 8); // inside the rounded corner
  for (const key of modifiers) await page.keyboard.up(key);
}

test('undo restores, redo re-applies, for keyboard and buttons; a palette add then undo', async () => {
  const { context, page, problems } = await openPage();
  assert.equal(await page.locator('#undo-button').isDisabled(), true);
  const vpcs = await vpcCount(page);
  let seen = await revision(page);
  await clickBox(page, 'vpc-0a1f0prod');
  await page.click('[data-add="Subnet"]');
  await redrawn(page, seen);
  const added = await page.locator('#panel h3 code').innerText();
  assert.match(added, /^subnet-new1$/);
  assert.equal(await page.locator(`#diagram .vm-nodes [data-id="${added}"]`).count(), 1, 'the new subnet is drawn');
  assert.match((await doc(page)).subnets.find((s) => s.id === added).cidr, /^10\.10\.\d+\.0\/24$/, 'a free /24 of the VPC');
  seen = await revision(page);
  await page.click('[data-add="VPC"]');
  await redrawn(page, seen);
  assert.equal(await vpcCount(page), vpcs + 1);
  const newVpc = (await doc(page)).vpcs.at(-1);
  assert.equal(newVpc.region, 'us-east-1', 'in the region of the selection');
  const report = await page.evaluate(async (d) => (await import('/src/vpcmap.js')).validate(d), await doc(page));
  assert.ok(!report.findings.some((f) => f.resources.includes(newVpc.id) && f.severity === 'error'), 'a new VPC validates cleanly');

  await page.locator('#diagram').focus();
  seen = await revision(page);
  await page.keyboard.press('Control+z');
  await redrawn(page, seen);
  assert.equal(await vpcCount(page), vpcs, 'undo removes the VPC');
  seen = await revision(page);
  await page.keyboard.press('Control+z');
  await redrawn(page, seen);
  assert.equal(await page.locator(`#diagram .vm-nodes [data-id="${added}"]`).count(), 0, 'and then the subnet');
  seen = await revision(page);
  await page.keyboard.press('Control+Shift+Z');
  await redrawn(page, seen);
  assert.equal(await page.locator(`#diagram .vm-nodes [data-id="${added}"]`).count(), 1, 'redo brings the subnet back');
  seen = await revision(page);
  await page.keyboard.press('Control+y');
  await redrawn(page, seen);
  assert.equal(await vpcCount(page), vpcs + 1, 'Ctrl+Y redoes too');
  seen = await revision(page);
  await page.click('#undo-button');
  await redrawn(page, seen);
  assert.equal(await vpcCount(page), vpcs);
  assert.equal(await page.locator('#redo-button').isDisabled(), false);
  // Copy and paste a subnet: a new id in the same VPC, one undo step.
  await clickBox(page, 'subnet-0shrda');
  await page.keyboard.press('Control+c');
  seen = await revision(page);
  await page.keyboard.press('Control+v');
  await redrawn(page, seen);
  const copyOf = (await doc(page)).subnets.at(-1);
  assert.equal(copyOf.vpc, 'vpc-0b2e0shared');
  assert.notEqual(copyOf.id, 'subnet-0shrda');
  assert.equal(await page.locator(`#diagram .vm-nodes [data-id="${copyOf.id}"]`).count(), 1);
  await page.screenshot({ path: `${results}/editor-undo.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the SVG patcher patches a few changed items in place and replaces a picture whose items mostly changed', async () => {
  const { context, page } = await openPage();
  const result = await page.evaluate(async () => {
    const { SvgPatcher } = await import('/src/svg-patch.js');
    const svg = (/** @type {string[]} */ labels) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g class="vm-nodes">${labels.map((label, i) => `<g class="vm-node" data-id="n${i}"><text>${label}</text></g>`).join('')}</g><g class="vm-edges"></g><g class="vm-badges"></g></svg>`;
    const patcher = new SvgPatcher();
    const first = patcher.draw(null, svg(['a', 'b', 'c', 'd']));
    const kept = first.querySelector('[data-id="n1"]');
    const few = patcher.draw(first, svg(['a', 'b', 'c', 'D']));
    const many = patcher.draw(few, svg(['A', 'B', 'C', 'D']));
    // Every item moved and none changed otherwise: still a patch, each item given its transform.
    const placed = (/** @type {number[]} */ xs) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g class="vm-nodes">${xs.map((x, i) => `<g class="vm-node" data-id="m${i}" transform="translate(${x} 0)"><text>m${i}</text></g>`).join('')}</g><g class="vm-edges"></g><g class="vm-badges"></g></svg>`;
    const still = patcher.draw(null, placed([0, 1, 2, 3]));
    const third = still.querySelector('[data-id="m2"]');
    const shifted = patcher.draw(still, placed([5, 6, 7, 8]));
    return {
      movedPatched: shifted === still && shifted.querySelector('[data-id="m2"]') === third,
      movedTransforms: Array.from(shifted.querySelectorAll('[data-id]')).map((el) => el.getAttribute('transform')),
      patched: few === first,
      keptItem: few.querySelector('[data-id="n1"]') === kept,
      fewText: few.textContent,
      replaced: many !== few,
      manyText: many.textContent,
    };
  });
  assert.ok(result.patched, 'one item of four changed: the shown picture is patched');
  assert.ok(result.keptItem, 'an unchanged item stays the same element');
  assert.equal(result.fewText, 'abcD');
  assert.ok(result.replaced, 'three of four changed: a new picture from one parse');
  assert.equal(result.manyText, 'ABCD');
  assert.ok(result.movedPatched, 'items that only moved are patched in place, however many');
  assert.deepEqual(result.movedTransforms, ['translate(5 0)', 'translate(6 0)', 'translate(7 0)', 'translate(8 0)']);
  await context.close();
});

test('a fitted view is kept across a redraw that still fits it, and fitted again when the diagram outgrows it', async () => {
  const { context, page } = await openPage();
  const views = await page.evaluate(async () => {
    const { Canvas } = await import('/src/editor/canvas.js');
    const host = document.createElement('div');
    host.style.cssText = 'width:400px;height:300px';
    document.body.append(host);
    const noop = () => {};
    const canvas = new Canvas(host, { onClick: noop, onBoxSelect: noop, onHover: noop, onMove: noop });
    const svg = (/** @type {number} */ w, /** @type {number} */ h) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}"><g class="vm-nodes"><g class="vm-node" data-id="a" transform="translate(0 0)"><rect class="vm-box" x="0" y="0" width="10" height="10"/></g></g><g class="vm-edges"></g><g class="vm-badges"></g></svg>`;
    const seen = [];
    for (const [w, h] of [[1000, 800], [1010, 812], [990, 800], [1200, 800], [600, 400]]) {
      canvas.setSvg(svg(w, h));
      seen.push([canvas.svg?.getAttribute('viewBox'), canvas.fitted]);
    }
    canvas.zoom(2);
    canvas.setSvg(svg(1000, 800));
    seen.push([canvas.svg?.getAttribute('viewBox'), canvas.fitted]);
    host.remove();
    return seen;
  });
  const fitOf = (w, h) => `${-w * 0.02} ${-h * 0.02} ${w * 1.04} ${h * 1.04}`;
  assert.deepEqual(views.slice(0, 5), [
    [fitOf(1000, 800), true],
    [fitOf(1000, 800), true], // grew by less than the margin: the same view, no new viewBox
    [fitOf(1000, 800), true], // shrank a little: still about as large as a new fit
    [fitOf(1200, 800), true], // outgrew it: fitted again
    [fitOf(600, 400), true], // much smaller: fitted again, not left tiny in a large view
  ]);
  assert.equal(views[5][1], false, 'a zoomed view is the user\'s own');
  assert.notEqual(views[5][0], fitOf(1000, 800));
  await context.close();
});

test('a dragged VPC takes its boxes and badges along, and the redraw puts each where the layout says', async () => {
  const { context, page, problems } = await openPage();
  const vpc = await page.locator('#diagram [data-id="vpc-0c3d0euprod"] > rect.vm-box').boundingBox();
  const placed = () => page.evaluate(() => Object.fromEntries(['vm-nodes', 'vm-badges'].flatMap((c) =>
    ['vpc-0c3d0euprod', 'subnet-0eupuba'].map((id) => [`${c} ${id}`, document.querySelector(`#diagram .${c} [data-id="${id}"]`)?.getAttribute('transform')]))));
  const before = await placed();
  const seen = await revision(page);
  await page.mouse.move(vpc.x + 6, vpc.y + 4);
  await page.mouse.down();
  await page.mouse.move(vpc.x + 60, vpc.y + 44, { steps: 6 });
  const during = await placed();
  for (const [key, transform] of Object.entries(during)) {
    assert.match(transform ?? '', /^translate\([^)]*\) translate\([^)]*\)$/, `${key} follows the drag: ${transform}`);
    assert.ok(transform?.startsWith(before[key] ?? '?'), `${key} keeps its drawn place under the drag`);
  }
  await page.mouse.up();
  await redrawn(page, seen);
  const after = await placed();
  const layout = await page.evaluate(async () => (await import('/src/vpcmap.js')).layout(window.vpcmapEditor.history.doc));
  const node = layout.nodes.find((n) => n.id === 'vpc-0c3d0euprod');
  assert.equal(after['vm-nodes vpc-0c3d0euprod'], `translate(${node.x} ${node.y})`, 'the redraw replaces the drag\'s shift');
  for (const [key, transform] of Object.entries(after)) assert.match(transform ?? '', /^translate\([^)]*\)$/, `${key}: ${transform}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a redraw patches the picture: a rename keeps the other elements, and every patched picture equals a fresh one', async () => {
  const { context, page, problems } = await openPage();
  // The live SVG, and the renderer's SVG for the current document parsed afresh, both serialized
  // without what the page owns (the view on the root, selection and trace classes).
  const compare = () => page.evaluate(async () => {
    const { history, canvas } = window.vpcmapEditor;
    const core = await import('/src/vpcmap.js');
    const theme = document.documentElement.dataset.theme ?? 'auto';
    const fresh = new DOMParser().parseFromString((await core.draw(history.doc, { style: false, theme: ['light', 'dark'].includes(theme) ? theme : 'auto' })).svg, 'image/svg+xml').documentElement;
    const text = (/** @type {Element} */ svg) => {
      const copy = /** @type {Element} */ (svg.cloneNode(true));
      for (const name of ['width', 'height', 'viewBox']) copy.removeAttribute(name);
      for (const el of copy.querySelectorAll('[class]')) el.classList.remove('vm-selected', 'vm-trace-hop', 'vm-trace-blocked');
      return new XMLSerializer().serializeToString(copy).replace(/ xmlns="[^"]*"/g, '');
    };
    return { live: text(canvas.svg), fresh: text(fresh), elements: canvas.svg.querySelectorAll('*').length };
  });
  const same = async (what) => {
    const { live, fresh, elements } = await compare();
    assert.ok(elements > 50, `${what}: a picture is shown`);
    assert.equal(live, fresh, `${what}: the patched picture is the renderer's`);
  };
  await same('first draw');
  await page.evaluate(() => {
    const { canvas } = window.vpcmapEditor;
    window.shownBefore = { svg: canvas.svg, elements: Array.from(canvas.svg.querySelectorAll('[data-id]')) };
  });
  let rev = await revision(page);
  await page.evaluate(() => window.vpcmapEditor.history.edit('rename', (doc) => { doc.vpcs[0].name = 'renamed-by-test'; }));
  await redrawn(page, rev);
  await same('after a rename');
  const kept = await page.evaluate(() => {
    const { canvas } = window.vpcmapEditor;
    const { svg, elements } = window.shownBefore;
    const now = new Set(canvas.svg.querySelectorAll('[data-id]'));
    return { sameRoot: svg === canvas.svg, kept: elements.filter((el) => now.has(el)).length, total: elements.length };
  });
  assert.ok(kept.sameRoot, 'the shown SVG is patched, not replaced');
  assert.equal(kept.kept, kept.total, 'every node, edge and badge element is kept (the renamed VPC patched in place)');
  assert.match(await page.locator('#diagram svg').textContent(), /renamed-by-test/);
  // The outline patches the renamed row in place: same rows, the new label.
  assert.match(await page.locator('#outline').textContent(), /renamed-by-test/);
  assert.equal(await page.locator('#outline [role="treeitem"]').filter({ hasText: /^prod \(/ }).count(), 0, 'the old label is gone');

  // Structural edits: a new subnet (new items, a new frame), then its removal, then undo.
  rev = await revision(page);
  await page.evaluate(() => window.vpcmapEditor.history.edit('add', (doc) => {
    const vpc = doc.vpcs[0];
    const base = vpc.cidrs[0].split('/')[0].split('.');
    doc.subnets.push({ id: 'subnet-patch-test', name: 'patch-test', vpc: vpc.id, az: doc.subnets.find((s) => s.vpc === vpc.id)?.az, cidr: `${base[0]}.${base[1]}.250.0/24` });
  }));
  await redrawn(page, rev);
  assert.equal(await page.locator('#diagram [data-kind="subnet"][data-id="subnet-patch-test"]').count(), 1);
  assert.equal(await page.locator('#outline [data-id="subnet-patch-test"]').count(), 1, 'a new row in the outline');
  await same('after adding a subnet');
  // Most of the sample's items moved (54 of 64), but only 13 changed more than their place: the
  // moved ones are given their new transform, so the picture is still patched, not replaced.
  assert.ok(await page.evaluate(() => window.vpcmapEditor.canvas.svg === window.shownBefore.svg), 'moved boxes are patched in place');
  rev = await revision(page);
  await page.evaluate(() => window.vpcmapEditor.history.edit('remove', (doc) => { doc.subnets = doc.subnets.filter((s) => s.id !== 'subnet-patch-test'); }));
  await redrawn(page, rev);
  assert.equal(await page.locator('#diagram [data-kind="subnet"][data-id="subnet-patch-test"]').count(), 0);
  await same('after removing it');
  rev = await revision(page);
  await page.keyboard.press('Control+z');
  await redrawn(page, rev);
  assert.equal(await page.locator('#diagram [data-kind="subnet"][data-id="subnet-patch-test"]').count(), 1);
  await same('after undo');
  assert.deepEqual(problems, []);
  await context.close();
});

test('autosave: an edit survives a reload; a corrupt save is kept aside, not overwritten', async () => {
  const { context, page, problems } = await openPage();
  await page.locator('#panel input.vm-input').fill('Renamed design');
  await page.locator('#panel input.vm-input').press('Enter');
  await page.waitForFunction(() => document.getElementById('doc-name')?.textContent === 'Renamed design');
  await page.reload();
  await page.waitForSelector('#diagram svg [data-kind="vpc"]');
  assert.equal(await page.locator('#doc-name').innerText(), 'Renamed design');

  await page.evaluate(() => localStorage.setItem('vpcmap:document', '{"format": "vpcmap/1", "vpcs": [{"id": "vpc-x"'));
  await page.reload();
  await page.waitForSelector('#status[data-kind="error"]');
  assert.match(await page.locator('#status').innerText(), /could not be opened; it is kept .* under "vpcmap:document:unreadable"/);
  assert.equal(await page.evaluate(() => localStorage.getItem('vpcmap:document:unreadable')), '{"format": "vpcmap/1", "vpcs": [{"id": "vpc-x"');
  assert.ok(await page.evaluate(() => JSON.parse(localStorage.getItem('vpcmap:document') ?? 'null')?.format === 'vpcmap/1'), 'the key holds a readable document again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('canvas: zoom, pan, fit, select, shift-click, box select, hover, drag pins a box, re-layout clears pins', async () => {
  const { context, page, problems } = await openPage();
  const viewBox = () => page.locator('#diagram svg').getAttribute('viewBox').then((v) => v.split(' ').map(Number));
  const fitted = await viewBox();
  await page.click('#zoom-in');
  const zoomed = await viewBox();
  assert.ok(zoomed[2] < fitted[2], 'the + button zooms in');
  await page.locator('#diagram').focus();
  await page.keyboard.press('-');
  assert.ok((await viewBox())[2] > zoomed[2], 'the - key zooms out');
  const beforePan = await viewBox();
  await page.keyboard.press('ArrowRight');
  assert.ok((await viewBox())[0] > beforePan[0], 'an arrow key pans');
  const box = await page.locator('#diagram').boundingBox();
  const beforeWheel = (await viewBox())[2];
  await page.mouse.move(box.x + box.width / 2, box.y + 30);
  await page.mouse.wheel(0, -400);
  await page.waitForFunction((w) => Number(document.querySelector('#diagram svg')?.getAttribute('viewBox')?.split(' ')[2]) < w, beforeWheel);
  // Dragging the background pans.
  const panFrom = await viewBox();
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 60, { steps: 4 });
  await page.mouse.up();
  assert.ok((await viewBox())[0] < panFrom[0], 'dragging the background pans');
  await page.click('#fit-button');
  assert.deepEqual(await viewBox(), fitted, 'Fit shows the whole diagram again');

  await clickBox(page, 'vpc-0a1f0prod');
  assert.deepEqual(await page.locator('#diagram .vm-selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))), ['vpc-0a1f0prod']);
  await clickBox(page, 'vpc-0b2e0shared', ['Shift']);
  assert.equal(await page.locator('#diagram .vm-selected').count(), 2, 'shift-click adds');
  assert.match(await page.locator('#panel').innerText(), /2 selected/);
  // Shift-drag around the eu-west-1 region selects the boxes inside it.
  const region = await page.locator('#diagram [data-id="region:eu-west-1"] > rect.vm-box').boundingBox();
  await page.keyboard.down('Shift');
  await page.mouse.move(region.x - 4, region.y - 4);
  await page.mouse.down();
  await page.mouse.move(region.x + region.width + 4, region.y + region.height + 4, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const boxed = await page.locator('#diagram .vm-selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  for (const id of ['region:eu-west-1', 'vpc-0c3d0euprod', 'subnet-0eudba', 'vpc-0a1f0prod']) assert.ok(boxed.includes(id), `box select took ${id}`);

  const subnet = await page.locator('#diagram [data-id="subnet-0prodappa"] > rect.vm-box').boundingBox();
  await page.mouse.move(subnet.x + 12, subnet.y + 8);
  await page.waitForSelector('#hover:not([hidden])');
  assert.match(await page.locator('#hover').innerText(), /subnet-0prodappa[\s\S]*10\.10\.10\.0\/24/);

  await page.mouse.click(box.x + 5, box.y + box.height - 5); // background: clear the selection
  const seen = await revision(page);
  const vpc = await page.locator('#diagram [data-id="vpc-0d4c0eudata"] > rect.vm-box').boundingBox();
  await page.mouse.move(vpc.x + 6, vpc.y + 4);
  await page.mouse.down();
  await page.mouse.move(vpc.x + 60, vpc.y + 44, { steps: 6 });
  await page.mouse.up();
  await redrawn(page, seen);
  const layout = await page.evaluate(async () => (await import('/src/vpcmap.js')).layout({ ...window.vpcmapEditor.history.doc, layout: undefined }));
  const node = layout.nodes.find((n) => n.id === 'vpc-0d4c0eudata');
  const parent = layout.nodes.find((n) => n.id === node.parent);
  const pins = (await doc(page)).layout.pins;
  assert.deepEqual(Object.keys(pins), ['vpc-0d4c0eudata']);
  const scale = (await viewBox())[2] / box.width; // diagram units per screen pixel (the view is fitted by width)
  assert.ok(Math.abs(pins['vpc-0d4c0eudata'].x - (node.x - parent.x + 54 * scale)) < 3 * scale + 1, `pin x ${pins['vpc-0d4c0eudata'].x}`);
  assert.ok(Math.abs(pins['vpc-0d4c0eudata'].y - (node.y - parent.y + 40 * scale)) < 3 * scale + 1, `pin y ${pins['vpc-0d4c0eudata'].y}`);
  // The layout respects the pin: the box is drawn where it was dropped, relative to its parent.
  const pinned = await page.evaluate(async () => (await import('/src/vpcmap.js')).layout(window.vpcmapEditor.history.doc));
  const moved = pinned.nodes.find((n) => n.id === 'vpc-0d4c0eudata');
  const movedParent = pinned.nodes.find((n) => n.id === moved.parent);
  assert.deepEqual([moved.x - movedParent.x, moved.y - movedParent.y], [pins['vpc-0d4c0eudata'].x, pins['vpc-0d4c0eudata'].y]);
  assert.equal(await page.locator('#diagram .vm-nodes [data-id="vpc-0d4c0eudata"]').getAttribute('transform'), `translate(${moved.x} ${moved.y})`);
  let now = await revision(page);
  await page.click('#relayout-button');
  await redrawn(page, now);
  assert.equal((await doc(page)).layout, undefined, 'Re-layout clears the pins');
  now = await revision(page);
  await page.click('#undo-button');
  await redrawn(page, now);
  assert.deepEqual(Object.keys((await doc(page)).layout.pins), ['vpc-0d4c0eudata'], 'undo brings the pin back');
  await page.screenshot({ path: `${results}/editor-canvas.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a CIDR typed wrong is told at once; overlapping VPCs peered, the finding, a free block fixes it', async () => {
  const { context, page, problems } = await openPage();
  await openDoc(page, 'tiny.json', tiny, 'vpc-tiny');
  await clickBox(page, 'vpc-tiny');
  let seen = await revision(page);
  await page.click('[data-add="VPC"]');
  await redrawn(page, seen);
  const newVpc = (await doc(page)).vpcs.at(-1).id;
  // Connect: the new VPC to the tiny one, routes offered both ways.
  await page.click('#connect-button');
  await clickBox(page, newVpc);
  await clickBox(page, 'vpc-tiny');
  await page.waitForSelector('.vm-connect');
  assert.equal(await page.locator('.vm-connect input[type="checkbox"]:checked').count(), 2, 'a route each way');
  seen = await revision(page);
  await page.click('[data-action="create-connection"]');
  await redrawn(page, seen);
  const pcx = (await doc(page)).vpcPeeringConnections[0];
  assert.deepEqual([pcx.requester.vpc, pcx.accepter.vpc], [newVpc, 'vpc-tiny']);
  assert.equal(await page.locator(`#diagram [data-kind="peering"][data-id="${pcx.id}"]`).count(), 1);
  const routed = (await doc(page)).routeTables.flatMap((t) => t.routes.filter((r) => r.target === pcx.id).map((r) => `${t.id}: ${r.destination}`));
  const newCidr = (await doc(page)).vpcs.at(-1).cidrs[0];
  assert.deepEqual(routed.sort(), [`rtb-new1: 10.9.0.0/16`, `rtb-tiny: ${newCidr}`].sort(), 'routes both ways');

  await clickBox(page, newVpc);
  const cidrs = page.locator('#panel input[name="cidrs"]');
  await cidrs.fill('10.9.0/16');
  await page.waitForSelector('#panel .vm-field-message[data-kind="error"]');
  assert.match(await page.locator('#panel .vm-field-message[data-kind="error"]').innerText(), /not an IPv4 CIDR/);
  assert.equal(await cidrs.getAttribute('aria-invalid'), 'true');
  await cidrs.press('Enter');
  assert.notEqual((await doc(page)).vpcs.at(-1).cidrs[0], '10.9.0/16', 'a malformed CIDR is not committed');

  seen = await revision(page);
  await cidrs.fill('10.9.0.0/16');
  await page.waitForSelector('#panel .vm-offer button');
  assert.match(await page.locator('#msg-cidrs').innerText(), /overlap/i, 'the overlap is said before committing');
  await cidrs.press('Enter');
  await redrawn(page, seen);
  await page.waitForSelector('.vm-finding[data-code="PEERING_CIDR_OVERLAP"]');
  seen = await revision(page);
  const offer = page.locator('#panel .vm-offer button');
  await offer.waitFor();
  const free = /Use free block (\S+)/.exec(await offer.innerText())[1];
  await offer.click();
  await redrawn(page, seen);
  await page.waitForFunction(() => !document.querySelector('.vm-finding[data-code="PEERING_CIDR_OVERLAP"]'));
  assert.deepEqual((await doc(page)).vpcs.at(-1).cidrs, [free]);

  // A subnet outside its VPC is said at once too.
  await clickBox(page, 'subnet-tiny');
  await page.locator('#panel input[name="cidr"]').fill('10.99.1.0/24');
  await page.waitForFunction(() => /not inside any block of tiny \(vpc-tiny\)/.test(document.getElementById('msg-cidr')?.textContent ?? ''));

  // Delete lists the dependents first.
  await clickBox(page, 'vpc-tiny');
  await page.click('#panel .vm-delete button');
  const listed = await page.locator('#panel .vm-dependents').innerText();
  for (const id of ['subnet-tiny', 'rtb-tiny', pcx.id]) assert.ok(listed.includes(id), `${id} listed before deleting`);
  seen = await revision(page);
  await page.locator('#panel .vm-delete button.vm-danger').click();
  await redrawn(page, seen);
  assert.equal(await page.locator('#diagram [data-id="vpc-tiny"]').count(), 0);
  assert.equal((await doc(page)).vpcPeeringConnections, undefined);
  await page.screenshot({ path: `${results}/editor-cidr.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('trace: blocked, the blocking resource marked, Apply fix makes it reachable, undo blocks it again', async () => {
  const { context, page, problems } = await openPage();
  await openDoc(page, 'peered-one-way.json', oneWay, 'vpc-app');
  await page.click('#trace-button');
  await page.fill('#trace-panel input[name="from"]', 'subnet-app');
  await page.fill('#trace-panel input[name="to"]', 'subnet-data');
  await page.selectOption('#trace-panel select[name="protocol"]', 'tcp');
  await page.fill('#trace-panel input[name="port"]', '5432');
  await page.click('#trace-panel button[type="submit"]');
  await page.waitForSelector('[data-verdict="blocked"]');
  assert.match(await page.locator('[data-verdict="blocked"]').innerText(), /rtb-data/);
  // rtb-data is the main table of vpc-data, drawn as no box of its own: its VPC is marked.
  assert.equal(await page.locator('#diagram .vm-trace-blocked').getAttribute('data-id'), 'vpc-data');
  assert.ok(await page.locator('#diagram .vm-trace-hop').count() >= 2, 'the path is highlighted');
  assert.ok(await page.locator('.vm-hop').count() >= 2, 'hops with explanations');
  assert.match(await page.locator('.vm-fix').innerText(), /add route 10\.1\.0\.0\/16 → pcx-appdata to rtb-data/);
  const seen = await revision(page);
  await page.click('[data-action="apply-fix"]');
  await redrawn(page, seen);
  await page.waitForSelector('[data-verdict="reachable"]');
  assert.equal(await page.locator('#diagram .vm-trace-blocked').count(), 0);
  assert.deepEqual((await doc(page)).routeTables[1].routes.at(-1), { destination: '10.1.0.0/16', target: 'pcx-appdata' });
  await page.screenshot({ path: `${results}/editor-trace.png` });
  await page.locator('#diagram').focus();
  await page.keyboard.press('Control+z');
  await page.waitForSelector('[data-verdict="blocked"]');
  // Picking on the diagram fills the ends.
  await page.click('#trace-panel button:has-text("Pick on diagram")');
  await clickBox(page, 'subnet-data');
  await clickBox(page, 'subnet-app');
  await page.waitForFunction(() => document.querySelector('#trace-panel input[name="from"]')?.value === 'subnet-data');
  assert.equal(await page.inputValue('#trace-panel input[name="to"]'), 'subnet-app');
  assert.deepEqual(problems, []);
  await context.close();
});

test('share as a URL: the link opens the same document elsewhere; SVG and PNG export', async () => {
  const { context, page, problems } = await openPage();
  await openDoc(page, 'peered-one-way.json', oneWay, 'vpc-app');
  await page.click('#share-button');
  // The link is written once the document is compressed (CompressionStream is asynchronous):
  // reading the field straight after the click raced it on a loaded machine.
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.getElementById('share-url'))?.value !== '');
  const url = await page.inputValue('#share-url');
  assert.ok(url.startsWith(`${baseUrl}#doc=`), url.slice(0, 80));
  const svgDownload = page.waitForEvent('download');
  await page.click('#export-button');
  const svg = readFileSync(await (await svgDownload).path(), 'utf8');
  assert.match(svg, /^<svg[^>]*>.*data-id="vpc-app"/s);
  const pngDownload = page.waitForEvent('download');
  await page.click('#png-button');
  const png = readFileSync(await (await pngDownload).path());
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.ok(png.length > 5000, 'a picture, not an empty canvas');
  assert.deepEqual(problems, []);
  await context.close();

  // Another browser profile: its own (empty) storage; the document comes from the link alone.
  const other = await openPage(url);
  await other.page.waitForSelector('#diagram [data-id="vpc-data"]');
  assert.equal(await other.page.locator('#doc-name').innerText(), 'Peered, routed one way');
  assert.deepEqual(await doc(other.page), JSON.parse(String(oneWay)));
  assert.equal(await other.page.evaluate(() => location.hash), '', 'the fragment is consumed');
  assert.deepEqual(other.problems, []);
  await other.context.close();
});

test('outline: an ARIA tree walked by keyboard selects in the diagram; theme toggle; AA contrast', async () => {
  const { context, page, problems } = await openPage();
  const first = page.locator('#outline [role="treeitem"]').first();
  assert.equal(await first.getAttribute('tabindex'), '0', 'one roving tab stop');
  await first.focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), 'vpc-0a1f0prod');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.locator('#outline [data-id="vpc-0a1f0prod"]').getAttribute('aria-expanded'), 'false', 'Left closes an open item');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#outline [data-id="vpc-0a1f0prod"]').getAttribute('aria-expanded'), 'true', 'Right opens it');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), 'region:us-east-1', 'Left on a closed item goes to the parent');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.locator('#outline [data-id="region:us-east-1"]').getAttribute('aria-expanded'), 'false', 'then closes it');
  assert.equal(await page.locator('#outline [data-id="vpc-0a1f0prod"]').count(), 0);
  for (const _ of [1, 2, 3, 4]) await page.keyboard.press('ArrowRight'); // open region, VPC; in; in
  assert.match(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), /^az:vpc-0a1f0prod:/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const chosen = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
  assert.match(chosen, /^subnet-/);
  await page.waitForSelector(`#diagram .vm-selected[data-id="${chosen}"]`);
  assert.equal(await page.locator(`#outline [data-id="${chosen}"]`).getAttribute('aria-selected'), 'true');
  assert.ok(await page.locator('#outline .vm-tree-count').count() > 0, 'finding counts shown');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('.vm-tree-label')).outlineStyle);
  assert.equal(outline, 'solid', 'visible focus');

  /** WCAG contrast of the page's text colours on their backgrounds, in the current theme. */
  const contrasts = () => page.evaluate(() => {
    const probe = document.createElement('span');
    document.body.append(probe);
    const rgb = (name) => {
      probe.style.color = `var(${name})`;
      return getComputedStyle(probe).color.match(/\d+/g).slice(0, 3).map(Number);
    };
    const lum = ([r, g, b]) => [r, g, b].map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)).reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const out = {};
    for (const fg of ['--vm-page-fg', '--vm-muted', '--vm-accent', '--vm-error', '--vm-warning', '--vm-info', '--vm-ok']) {
      for (const bg of ['--vm-panel', '--vm-page-bg']) out[`${fg} on ${bg}`] = ratio(fg, bg);
    }
    probe.remove();
    return out;
  });
  await page.click('#theme-button');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  for (const [pair, ratio] of Object.entries(await contrasts())) assert.ok(ratio >= 4.5, `light: ${pair} is ${ratio.toFixed(2)}:1`);
  await page.click('#theme-button');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.waitForSelector('#diagram svg.vm-theme-dark');
  for (const [pair, ratio] of Object.entries(await contrasts())) assert.ok(ratio >= 4.5, `dark: ${pair} is ${ratio.toFixed(2)}:1`);
  await page.screenshot({ path: `${results}/editor-dark.png` });
  await page.reload();
  await page.waitForSelector('#diagram svg.vm-theme-dark');
  await page.click('#theme-button');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined, 'back to following the system');
  assert.deepEqual(problems, []);
  await context.close();
});

test('connect: a VPC to an on-premises network makes a Site-to-Site VPN, routes offered', async () => {
  const { context, page, problems } = await openPage();
  await page.click('#connect-button');
  assert.equal(await page.locator('#connect-button').getAttribute('aria-pressed'), 'true');
  await clickBox(page, 'vpc-0b2e0shared');
  await clickBox(page, 'corp-dc');
  await page.waitForSelector('.vm-connect');
  assert.match(await page.locator('.vm-connect').innerText(), /VPN vpc-0b2e0shared → corp-dc[\s\S]*rtb-0shrdmain: 192\.168\.0\.0\/16/);
  const seen = await revision(page);
  await page.click('[data-action="create-connection"]');
  await redrawn(page, seen);
  const after = await doc(page);
  const vgw = after.vpnGateways.find((g) => g.attachments.some((a) => a.vpc === 'vpc-0b2e0shared'));
  assert.ok(vgw, 'a virtual private gateway attached to the VPC');
  const vpn = after.vpnConnections.at(-1);
  assert.equal(vpn.vpnGateway, vgw.id);
  assert.deepEqual(vpn.routes, [{ cidr: '192.168.0.0/16' }]);
  assert.ok(after.onPremNetworks[0].customerGateways.includes(vpn.customerGateway), 'the site has the new customer gateway');
  assert.deepEqual(after.routeTables.find((t) => t.id === 'rtb-0shrdmain').routes.at(-1), { destination: '192.168.0.0/16', target: vgw.id });
  const trace = await page.evaluate(async (d) => (await import('/src/vpcmap.js')).trace(d, { from: 'subnet-0shrda', to: 'corp-dc' }), after);
  assert.ok(trace.hops.some((h) => h.resource === vgw.id), 'shared-services now reaches the data centre through its gateway');
  assert.equal(await page.locator('#connect-button').getAttribute('aria-pressed'), 'false', 'the tool ends after one connection');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a large document is laid out in the worker, and edits and undo work the same', async () => {
  const vpcs = Array.from({ length: 24 }, (_, i) => ({ id: `vpc-big${i}`, name: `big-${i}`, region: i % 2 ? 'us-east-1' : 'eu-west-1', cidrs: [`10.${i}.0.0/16`] }));
  const big = {
    format: 'vpcmap/1', name: 'Big',
    vpcs,
    subnets: vpcs.map((v, i) => ({ id: `subnet-big${i}`, vpc: v.id, az: `${v.region}a`, cidr: `10.${i}.1.0/24` })),
    routeTables: vpcs.map((v, i) => ({ id: `rtb-big${i}`, vpc: v.id, main: true, routes: [{ destination: v.cidrs[0], target: 'local', origin: 'CreateRouteTable' }] })),
  };
  const { context, page, problems } = await openPage();
  await openDoc(page, 'big.json', Buffer.from(JSON.stringify(big)), 'vpc-big23');
  assert.equal(await page.locator('#diagram').getAttribute('data-engine'), 'worker');
  assert.deepEqual(page.workers().map((w) => new URL(w.url()).pathname), ['/src/editor/worker.js'], 'the worker runs (no fallback)');
  assert.equal(await vpcCount(page), 24);
  await clickBox(page, 'vpc-big3');
  let seen = await revision(page);
  await page.click('[data-add="Subnet"]');
  await redrawn(page, seen);
  assert.equal((await doc(page)).subnets.at(-1).vpc, 'vpc-big3');
  assert.equal(await page.locator(`#diagram .vm-nodes [data-id="${(await doc(page)).subnets.at(-1).id}"]`).count(), 1);
  seen = await revision(page);
  await page.locator('#diagram').focus();
  await page.keyboard.press('Control+z');
  await redrawn(page, seen);
  assert.equal((await doc(page)).subnets.length, 24);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Compare… reviews a Terraform plan: the change drawn and listed, the document untouched, the after side opened and undone', async () => {
  const { context, page, problems } = await openPage();
  const before = await doc(page);
  const plan = readFileSync(`${repo}tests/fixtures/terraform/diff/plan-peering-change.json`);
  await page.setInputFiles('#compare-input', { name: 'plan.json', mimeType: 'application/json', buffer: plan });
  await page.waitForSelector('#review-box:not([hidden]) .vm-diff-picture svg');
  // The same change `vpcmap diff plan.json` reports: one error introduced, paths changed.
  assert.match(await page.locator('.vm-diff-headline').innerText(), /added.*removed.*changed · \d+ findings introduced \(1 errors\)/);
  assert.equal(await page.locator('.vm-diff-headline').getAttribute('data-kind'), 'error');
  assert.ok(await page.locator('.vm-diff-picture .vm-added').count() > 0, 'added boxes marked in the picture');
  assert.ok(await page.locator('.vm-diff-picture .vm-removed').count() > 0, 'removed boxes kept, marked');
  assert.ok(await page.locator('.vm-diff-reachability li').count() > 0, 'reachability changes listed');
  // Clicking a listed resource marks it in the picture.
  const first = page.locator('.vm-diff-resources li').first();
  const id = await first.getAttribute('data-id');
  await first.click();
  assert.equal(await page.locator(`.vm-diff-picture [data-id="${id}"].vm-selected`).count() > 0
    || await page.locator(`.vm-diff-picture [data-id="${id}"]`).count() === 0, true);
  assert.deepEqual(await doc(page), before, 'reviewing does not touch the document');

  const seen = await revision(page);
  await page.click('#review-open');
  await redrawn(page, seen);
  assert.equal(await page.locator('#review-box').isHidden(), true);
  assert.notDeepEqual(await doc(page), before, 'the planned side is open');
  const again = await revision(page);
  await page.locator('#diagram').focus();
  await page.keyboard.press('Control+z');
  await redrawn(page, again);
  assert.deepEqual(await doc(page), before, 'and undo brings the design back');

  // A file that is no plan is compared with the open document; a broken one is refused, and the document stays.
  await page.setInputFiles('#compare-input', { name: 'tiny.json', mimeType: 'application/json', buffer: tiny });
  await page.waitForSelector('#review-box:not([hidden]) .vm-diff-what');
  assert.match(await page.locator('.vm-diff-what').innerText(), /Open document → tiny\.json/);
  await page.click('#review-close');
  await page.setInputFiles('#compare-input', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "vpcmap/1", "vpcs": 3}') });
  await page.waitForFunction(() => document.getElementById('status')?.dataset.kind === 'error');
  assert.match(await page.locator('#status').innerText(), /Could not compare: .*broken\.json/);
  assert.deepEqual(await doc(page), before);
  await page.screenshot({ path: `${results}/editor-compare.png` });
  assert.deepEqual(problems, []);
  await context.close();
});
