// The editor's pure modules (www/src/editor/) in Node, against the real core (www/src/node.js):
// undo/redo and refused edits, the autosave's keep-aside, what a delete takes along, trace fixes
// applied (and checked by tracing again), layout pins, the share fragment, CIDR checks, outline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { History } from '../src/editor/history.js';
import { keepAside, savedText, saveText, STORAGE_KEY } from '../src/editor/storage.js';
import { applyChanges, clearPins, dependents, find, freshId, pin, remove } from '../src/editor/model.js';
import { decodeFragment, encodeFragment } from '../src/editor/share.js';
import { freeBlock, parseCidr } from '../src/editor/cidr.js';
import { outlineItems } from '../src/editor/outline.js';
import { peer, peeringRoutes } from '../src/editor/palette.js';
import { placement, splitSvg } from '../src/svg-patch.js';

const vpcmap = await import('../src/node.js');
const oneWay = JSON.parse(readFileSync(new URL('./fixtures/peered-one-way.json', import.meta.url), 'utf8'));

/** A History whose `show` is the core's validate (so an invalid document is refused). */
function history() {
  const shown = [];
  const saved = [];
  const h = new History(async (doc) => {
    await vpcmap.validate(doc);
    shown.push(doc);
  }, (doc) => saved.push(doc));
  return { h, shown, saved };
}

test('undo and redo walk the edits; a new edit clears redo', async () => {
  const { h, saved } = history();
  await h.start(structuredClone(oneWay));
  await h.edit('rename', (doc) => { doc.name = 'one'; });
  await h.edit('rename again', (doc) => { doc.name = 'two'; });
  assert.equal(h.doc?.name, 'two');
  assert.equal(await h.undo(), 'rename again');
  assert.equal(h.doc?.name, 'one');
  assert.equal(await h.undo(), 'rename');
  assert.equal(h.doc?.name, 'Peered, routed one way');
  assert.equal(await h.undo(), null, 'nothing left to undo');
  assert.equal(await h.redo(), 'rename');
  assert.equal(h.doc?.name, 'one');
  await h.edit('rename three', (doc) => { doc.name = 'three'; });
  assert.equal(h.canRedo, false);
  assert.equal(saved.at(-1)?.name, 'three', 'every change is saved');
});

test('each edit gets a copy of the current document that nothing else holds, parsed ahead of time or not', async () => {
  const { h } = history();
  const idle = () => new Promise((resolve) => setTimeout(resolve, 5));
  await h.start(structuredClone(oneWay));
  await h.edit('rename', (doc) => { doc.name = 'one'; });
  await idle();
  assert.ok(h.spare, 'the next copy is parsed while idle');
  assert.notEqual(h.spare, h.doc);
  // A refused edit may have changed its copy: the next edit must not see that.
  await assert.rejects(h.edit('refused', (doc) => { doc.name = 'leaked'; throw new Error('no'); }), /no/);
  await h.edit('rename vpc', (doc) => {
    assert.equal(doc.name, 'one');
    doc.vpcs[0].name = 'changed';
  });
  assert.notEqual(h.past.at(-1)?.doc.vpcs[0].name, 'changed', 'the undo step is untouched');
  await idle();
  // Undo makes another document current: the copy parsed for the one before must not be used.
  assert.equal(await h.undo(), 'rename vpc');
  await h.edit('after undo', (doc) => {
    assert.equal(doc.vpcs[0].name, oneWay.vpcs[0].name);
    assert.equal(doc.name, 'one');
  });
});

test('an edit the core refuses leaves the document and the undo stack as they were', async () => {
  const { h, saved } = history();
  await h.start(structuredClone(oneWay));
  await h.edit('rename', (doc) => { doc.name = 'ok'; });
  const before = h.doc;
  const savedBefore = saved.length;
  await assert.rejects(h.edit('break', (doc) => { doc.vpcs[0].cidrs = ['10.0.0.0/33']; }), /cidrs\[0\]: expected an IPv4 CIDR/);
  await assert.rejects(h.edit('throw', () => { throw new Error('refused'); }), /refused/);
  assert.equal(h.doc, before);
  assert.equal(h.doc?.vpcs[0].cidrs[0], '10.1.0.0/16');
  assert.equal(h.past.length, 1);
  assert.equal(saved.length, savedBefore, 'nothing saved');
  await assert.rejects(h.replace('open', { format: 'vpcmap/1', vpcs: [{ id: 'v' }] }));
  assert.equal(h.doc, before);
});

test('the autosave keeps an unreadable saved text aside, never overwriting an earlier one', () => {
  const store = new Map();
  const storage = /** @type {Storage} */ ({ getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) });
  store.set(STORAGE_KEY, '{broken');
  assert.equal(savedText(storage), '{broken');
  assert.equal(keepAside(storage, '{broken'), `${STORAGE_KEY}:unreadable`);
  assert.equal(keepAside(storage, '{broken'), `${STORAGE_KEY}:unreadable`, 'the same text is kept once');
  assert.equal(keepAside(storage, '{other'), `${STORAGE_KEY}:unreadable:2`);
  assert.equal(store.get(`${STORAGE_KEY}:unreadable`), '{broken');
  assert.ok(saveText(storage, JSON.stringify(oneWay)));
  assert.deepEqual(JSON.parse(store.get(STORAGE_KEY)), oneWay);
});

test('deleting a VPC lists what cannot exist without it, and removes references elsewhere', async () => {
  const sample = await vpcmap.sample();
  const { deleted, updated } = dependents(sample, 'vpc-0a1f0prod');
  for (const id of ['subnet-0prodpuba', 'rtb-0prodapp', 'igw-0prod', 'nat-0proda', 'pcx-0prodshared']) assert.ok(deleted.includes(id), `${id} goes with the VPC`);
  assert.ok(updated.includes('rtb-0shrdmain'), 'the peer side loses its route to the deleted peering');
  assert.ok(!deleted.includes('vpc-0b2e0shared'), 'the peer VPC stays');
  const doc = structuredClone(sample);
  assert.ok(remove(doc, 'vpc-0a1f0prod'));
  assert.equal(find(doc, 'subnet-0prodpuba'), null);
  const shared = find(doc, 'rtb-0shrdmain')?.res;
  assert.ok(!JSON.stringify(shared).includes('pcx-0prodshared'));
  const report = await vpcmap.validate(doc);
  assert.ok(!report.findings.some((f) => f.resources.includes('vpc-0a1f0prod')));
  assert.equal(remove(doc, 'vpc-nope'), false);
});

test("a trace's fix, applied, makes the path reachable", async () => {
  const blocked = await vpcmap.trace(oneWay, { from: 'subnet-app', to: 'subnet-data', protocol: 'tcp', port: 5432 });
  assert.equal(blocked.reachable, false);
  const changes = blocked.blocked?.changes ?? [];
  assert.equal(changes.length, 1);
  const doc = structuredClone(oneWay);
  applyChanges(doc, changes);
  const after = await vpcmap.trace(doc, { from: 'subnet-app', to: 'subnet-data', protocol: 'tcp', port: 5432 });
  assert.equal(after.reachable, true);
  assert.throws(() => applyChanges(structuredClone(oneWay), [{ op: 'addRoute', routeTable: 'rtb-gone', destination: '10.0.0.0/8', target: 'local' }]), /rtb-gone/);
  const acl = structuredClone(oneWay);
  acl.networkAcls = [{ id: 'acl-1', vpc: 'vpc-app', subnets: ['subnet-app'], entries: [] }];
  acl.securityGroups = [{ id: 'sg-1', vpc: 'vpc-app' }];
  applyChanges(acl, [
    { op: 'addNetworkAclEntry', networkAcl: 'acl-1', ruleNumber: 99, egress: true, protocol: '6', fromPort: 5432, toPort: 5432, cidr: '10.2.0.0/16' },
    { op: 'addSecurityGroupRule', group: 'sg-1', direction: 'egress', protocol: 'tcp', fromPort: 5432, toPort: 5432, peer: '10.2.0.0/16' },
  ]);
  await vpcmap.validate(acl); // the core reads what was written
  assert.deepEqual(acl.networkAcls[0].entries[0], { ruleNumber: 99, egress: true, action: 'allow', protocol: '6', cidr: '10.2.0.0/16', fromPort: 5432, toPort: 5432 });
  assert.deepEqual(acl.securityGroups[0].egress[0], { protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrs: ['10.2.0.0/16'] });
});

test('pins are written relative to the parent and cleared by re-layout; the core reads them', async () => {
  const doc = structuredClone(oneWay);
  pin(doc, 'vpc-app', { x: 40.4, y: 12.6 });
  pin(doc, 'region:eu-west-1', { x: 0, y: 0 });
  assert.deepEqual(doc.layout, { pins: { 'vpc-app': { x: 40, y: 13 }, 'eu-west-1': { x: 0, y: 0 } } });
  await vpcmap.layout(doc);
  clearPins(doc);
  assert.equal(doc.layout, undefined);
  pin(doc, 'subnet-app', { x: 1, y: 2 });
  remove(doc, 'vpc-app');
  assert.equal(doc.layout, undefined, 'a deleted box loses its pin');
});

test('the share fragment carries the document, compressed', async () => {
  const sample = await vpcmap.sample();
  const fragment = await encodeFragment(sample);
  assert.match(fragment, /^#doc=[A-Za-z0-9_-]+$/);
  assert.ok(fragment.length < JSON.stringify(sample).length / 2, 'compressed');
  assert.deepEqual(await decodeFragment(fragment), sample);
  assert.equal(await decodeFragment('#other'), null);
  await assert.rejects(decodeFragment(fragment.slice(0, 40)), /damaged/);
});

test('CIDR text: malformed said at once; free subnet blocks skip the used ones', () => {
  assert.match(String(parseCidr('10.0.0/16')), /not an IPv4 CIDR/);
  assert.match(String(parseCidr('10.0.0.300/16')), /0–255/);
  assert.match(String(parseCidr('10.0.0.0/40')), /0–32/);
  assert.deepEqual(parseCidr('10.0.1.0/24'), { base: 0x0a000100, len: 24 });
  assert.equal(freeBlock(['10.1.0.0/16'], ['10.1.0.0/24', '10.1.1.0/24'], 24), '10.1.2.0/24');
  assert.equal(freeBlock(['10.1.0.0/16'], ['10.1.0.0/17'], 24), '10.1.128.0/24');
  assert.equal(freeBlock(['10.1.0.0/24'], ['10.1.0.0/24'], 24), null);
});

test('peering with routes both ways; the outline nests region, VPC, AZ, subnet', async () => {
  const doc = structuredClone(oneWay);
  doc.vpcPeeringConnections = [];
  doc.routeTables[0].routes.pop();
  const [a, b] = doc.vpcs;
  assert.deepEqual(peeringRoutes(doc, a, b), [{ from: 'rtb-app', to: '10.2.0.0/16' }, { from: 'rtb-data', to: '10.1.0.0/16' }]);
  const id = peer(doc, a, b, true);
  assert.equal(id, freshId(oneWay, 'pcx-'));
  const trace = await vpcmap.trace(doc, { from: 'subnet-app', to: 'subnet-data' });
  assert.equal(trace.reachable, true);
  const [region] = outlineItems(doc);
  assert.equal(region.id, 'region:eu-west-1');
  assert.deepEqual(region.children.map((v) => v.id), ['vpc-app', 'vpc-data']);
  assert.equal(region.children[0].children[0].id, 'az:vpc-app:eu-west-1a');
  assert.equal(region.children[0].children[0].children[0].id, 'subnet-app');
});

test('copy and paste: fresh ids, references among the pasted follow, others stay', async () => {
  const { copy, paste } = await import('../src/editor/model.js');
  const doc = structuredClone(oneWay);
  const pasted = paste(doc, copy(doc, ['vpc-app', 'subnet-app', 'rtb-app']));
  assert.deepEqual(pasted, ['vpc-new1', 'subnet-new1', 'rtb-new1']);
  assert.equal(find(doc, 'subnet-new1')?.res.vpc, 'vpc-new1');
  assert.equal(find(doc, 'rtb-new1')?.res.vpc, 'vpc-new1');
  assert.equal(find(doc, 'rtb-new1')?.res.routes[1].target, 'pcx-appdata', 'a reference outside the copy stays');
  assert.equal(find(doc, 'subnet-app')?.res.vpc, 'vpc-app', 'the originals are untouched');
  const alone = paste(doc, copy(doc, ['subnet-data']));
  assert.equal(find(doc, alone[0])?.res.vpc, 'vpc-data');
  await vpcmap.validate(doc); // the core reads the result
});

test("splitSvg cuts the renderer's SVG into its frame and keyed items, the way the editor patches it", async () => {
  const doc = await vpcmap.sample();
  const { svg } = await vpcmap.draw(doc, { style: false });
  const { frame, items } = splitSvg(svg);
  // The frame is the picture without its items: containers left empty, nothing else lost.
  assert.match(frame, /<g class="vm-nodes"><\/g><g class="vm-edges"><\/g>/);
  assert.ok(!/class="vm-(node|edge|badge)[ "]/.test(frame));
  assert.equal(frame.length + items.reduce((n, item) => n + item.text.length, 0), svg.length);
  const nodes = items.filter((item) => item.container === 'vm-nodes');
  assert.equal(nodes.length, (svg.match(/<g class="vm-node /g) ?? []).length);
  assert.ok(items.some((item) => item.container === 'vm-badges'), 'the sample has findings, so badges');
  // Keys are unique (a node and its badge share a resource id but not a key).
  assert.equal(new Set(items.map((item) => item.key)).size, items.length);
  assert.ok(items.some((item) => item.key === 'vm-node vpc-0a1f0prod') && items.some((item) => item.key === 'vm-badge vpc-0a1f0prod'));
  // A rename changes that VPC's item (and the items that name it) and no other.
  const renamed = structuredClone(doc);
  renamed.vpcs.find((v) => v.id === 'vpc-0a1f0prod').name = 'renamed';
  const after = splitSvg((await vpcmap.draw(renamed, { style: false })).svg);
  const before = new Map(items.map((item) => [item.key, item.text]));
  const changed = after.items.filter((item) => before.get(item.key) !== item.text).map((item) => item.key);
  assert.ok(changed.includes('vm-node vpc-0a1f0prod'), changed.join(', '));
  assert.ok(changed.length < items.length / 4, `few items change: ${changed.join(', ')}`);
  // Pinning a VPC elsewhere moves it and the boxes and badges inside it: they differ in their
  // placement alone, so the editor only sets their transform.
  const pinned = structuredClone(doc);
  pinned.layout = { pins: { 'vpc-0a1f0prod': { x: 40, y: 900 } } };
  const moved = splitSvg((await vpcmap.draw(pinned, { style: false })).svg).items.filter((item) => {
    const was = before.get(item.key);
    const [a, b] = was === undefined || was === item.text ? [null, null] : [placement(was), placement(item.text)];
    return a !== null && b !== null && a.rest === b.rest;
  }).map((item) => item.key);
  for (const key of ['vm-node vpc-0a1f0prod', 'vm-badge vpc-0a1f0prod', 'vm-node subnet-0prodappa']) assert.ok(moved.includes(key), `${key} only moved: ${moved.join(', ')}`);
  assert.equal(placement('<g class="vm-edge" data-id="e"><path d="M0 0"/></g>'), null, 'an edge has no placement');
  assert.deepEqual(placement('<g class="vm-node" data-id="n" transform="translate(1 2)"><path transform="translate(3,4)"/></g>'), { transform: 'translate(1 2)', rest: '<g class="vm-node" data-id="n"><path transform="translate(3,4)"/></g>' });
  // Repeated keys get an ordinal.
  const twice = splitSvg('<svg><g class="vm-edges"><g class="vm-edge a" data-id="x"><path/></g><g class="vm-edge b" data-id="x"><path/></g></g></svg>');
  assert.deepEqual(twice.items.map((item) => item.key), ['vm-edge x', 'vm-edge x #1']);
});

test('the outline groups VPCs by region and subnets by VPC and AZ (AZs sorted, document order within one)', () => {
  const doc = {
    format: 'vpcmap/v1',
    regions: [{ name: 'us-west-2' }],
    vpcs: [
      { id: 'vpc-a', region: 'eu-west-1', cidrs: ['10.1.0.0/16'] },
      { id: 'vpc-b', region: 'us-west-2', cidrs: ['10.2.0.0/16'] },
      { id: 'vpc-c', region: 'eu-west-1', cidrs: ['10.3.0.0/16'] },
    ],
    subnets: [
      { id: 'subnet-a2', vpc: 'vpc-a', az: 'eu-west-1b', cidr: '10.1.2.0/24' },
      { id: 'subnet-c1', vpc: 'vpc-c', az: 'eu-west-1a', cidr: '10.3.1.0/24' },
      { id: 'subnet-a1', vpc: 'vpc-a', az: 'eu-west-1a', cidr: '10.1.1.0/24' },
      { id: 'subnet-a3', vpc: 'vpc-a', az: 'eu-west-1b', cidr: '10.1.3.0/24' },
      { id: 'subnet-a0', vpc: 'vpc-a', cidr: '10.1.0.0/24' },
    ],
  };
  const tree = (/** @type {any[]} */ items) => items.map((item) => (item.children.length ? { [item.id]: tree(item.children) } : item.id));
  assert.deepEqual(tree(outlineItems(doc)), [
    { 'region:us-west-2': ['vpc-b'] },
    {
      'region:eu-west-1': [
        { 'vpc-a': [{ 'az:vpc-a:eu-west-1a': ['subnet-a1'] }, { 'az:vpc-a:eu-west-1b': ['subnet-a2', 'subnet-a3'] }, { 'az:vpc-a:no AZ': ['subnet-a0'] }] },
        { 'vpc-c': [{ 'az:vpc-c:eu-west-1a': ['subnet-c1'] }] },
      ],
    },
  ]);
});
