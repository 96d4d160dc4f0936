// The viewer core (pkg/vpcmap_viewer*, the `--no-default-features` WASM) and how core.js routes
// calls between it and the full core: a native document is read, checked, drawn and traced by the
// viewer alone, with the full core's answers; AWS input, a bad document or a design-tool call
// loads the full core, and error messages are the full core's (with their JSONPath).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bind } from '../src/core.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const full = await import(new URL('../../pkg/vpcmap.js', import.meta.url));
full.initSync({ module: readFileSync(`${repo}pkg/vpcmap_bg.wasm`) });
const viewer = await import(new URL('../../pkg/vpcmap_viewer.js', import.meta.url));
viewer.initSync({ module: readFileSync(`${repo}pkg/vpcmap_viewer_bg.wasm`) });

const demoText = readFileSync(`${repo}www/demos/web-app.json`, 'utf8');
const demo = JSON.parse(demoText);
const sample = JSON.parse(readFileSync(`${repo}samples/two-regions.json`, 'utf8'));
const badCidr = { format: 'vpcmap/1', vpcs: [{ id: 'v', region: 'r', cidrs: ['10.0.0.0/33'] }] };

/** The API over both cores, counting how often each was loaded. */
function api() {
  const loads = { full: 0, viewer: 0 };
  const bound = bind(
    async () => (loads.full++, full),
    async () => (loads.viewer++, viewer),
  );
  return { ...bound, loads };
}

test('the viewer core gives the full core’s findings, layout, SVG and trace', () => {
  for (const doc of [demo, sample]) {
    assert.deepEqual(viewer.validate(doc), full.validate(doc));
    assert.deepEqual(viewer.layout(doc), full.layout(doc));
    assert.equal(viewer.renderSvg(doc, { findings: true }), full.renderSvg(doc, { findings: true }));
  }
  assert.equal(viewer.renderSvg(demo, { findings: true }), readFileSync(`${repo}www/demos/web-app.svg`, 'utf8'));
  const query = { from: 'subnet-web-app', to: 'internet' };
  assert.deepEqual(viewer.trace(demo, query), full.trace(demo, query));
  assert.equal(viewer.diagramCss(), full.diagramCss());
  assert.equal(viewer.version(), full.version());
});

test('the viewer core has no importers, and reads only native documents, without JSONPaths', () => {
  assert.equal(viewer.importFiles, undefined);
  assert.equal(viewer.matrix, undefined);
  assert.throws(() => viewer.validate(badCidr), { message: /^document: line 1, column \d+: expected an IPv4 CIDR/ });
  assert.throws(() => viewer.checkDocument('a.json', '{"Vpcs": []}'), /a\.json/);
  viewer.checkDocument('web-app.json', demoText);
});

test('a native document is imported, checked, drawn and traced without loading the full core', async () => {
  const vpcmap = api();
  const imported = await vpcmap.importFiles([{ path: 'web-app.json', text: demoText }]);
  assert.deepEqual(imported, { topology: demo, notes: [] });
  assert.equal((await vpcmap.validate(imported.topology)).findings[0].code, 'PEERING_ROUTE_MISSING');
  assert.equal(await vpcmap.renderSvg(demo, { findings: true }), readFileSync(`${repo}www/demos/web-app.svg`, 'utf8'));
  assert.equal((await vpcmap.trace(demo, { from: 'subnet-web-app', to: 'internet' })).reachable, true);
  await vpcmap.diagramCss();
  assert.deepEqual(vpcmap.loads, { full: 0, viewer: 1 });
});

test('AWS input loads the full core, and later calls stay on it', async () => {
  const vpcmap = api();
  const files = [{ path: 'eu-west-1/Vpcs.json', text: JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] }) }];
  const { topology } = await vpcmap.importFiles(files);
  assert.equal(topology.vpcs[0].id, 'vpc-1');
  assert.deepEqual(vpcmap.loads, { full: 1, viewer: 0 });
  await vpcmap.validate(topology);
  assert.deepEqual(vpcmap.loads, { full: 1, viewer: 0 });
});

test('a document the viewer refuses gets the full core’s located message', async () => {
  const vpcmap = api();
  await assert.rejects(vpcmap.validate(badCidr), {
    message: 'document: $.vpcs[0].cidrs[0]: expected an IPv4 CIDR such as 10.0.0.0/16, found "10.0.0.0/33"',
  });
  const text = JSON.stringify(badCidr);
  await assert.rejects(vpcmap.importFiles([{ path: 'bad.json', text }]), { message: /^bad\.json: \$\.vpcs\[0\]\.cidrs\[0\]: expected an IPv4 CIDR/ });
  assert.deepEqual(vpcmap.loads, { full: 1, viewer: 1 });
});
