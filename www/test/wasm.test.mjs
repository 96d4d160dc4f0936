// Node tests of the WASM package in pkg/: the JS API gives the same answers and the same error
// messages as the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const vpcmap = await import(new URL('../../pkg/vpcmap.js', import.meta.url));
vpcmap.initSync({ module: readFileSync(`${repo}pkg/vpcmap_bg.wasm`) });

const sampleText = readFileSync(`${repo}samples/two-regions.json`, 'utf8');

test('validates the sample: one deliberate transitive-peering error', () => {
  const report = vpcmap.validate(JSON.parse(sampleText));
  assert.ok(Array.isArray(report.findings));
  assert.deepEqual(report.summary, { errors: 1, warnings: 0, info: 0 });
  assert.equal(report.findings[0].code, 'PEERING_TRANSITIVE');
  assert.deepEqual(report.findings[0].resources.slice(0, 2), ['rtb-0prodapp', 'pcx-0prodshared']);
});

test('accepts a document as JSON text too', () => {
  assert.equal(vpcmap.validate(sampleText).summary.errors, 1);
});

test('sample() returns the built-in sample', () => {
  assert.deepEqual(vpcmap.sample(), JSON.parse(JSON.stringify(vpcmap.sample())));
  assert.equal(vpcmap.sample().vpcs.length, 4);
});

test('layout follows the contract', () => {
  const layout = vpcmap.layout(vpcmap.sample());
  assert.ok(layout.width > 0 && layout.height > 0);
  const vpc = layout.nodes.find((n) => n.id === 'vpc-0a1f0prod');
  assert.equal(vpc.kind, 'vpc');
  assert.equal(vpc.parent, 'region:us-east-1');
  assert.ok(layout.edges.some((e) => e.kind === 'peering' && e.points.length >= 2));
});

test('renderSvg draws the diagram with finding badges', () => {
  const svg = vpcmap.renderSvg(vpcmap.sample(), { findings: true, theme: 'dark' });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="vm-root vm-theme-dark"/);
  assert.match(svg, /data-id="vpc-0b2e0shared"/);
  assert.match(svg, /vm-badge-error/);
});

test('a bad CIDR throws an Error naming the JSON path, as the CLI does', () => {
  const bad = { format: 'vpcmap/1', vpcs: [{ id: 'vpc-a', region: 'r', cidrs: ['10.0.0.0/33'] }] };
  assert.throws(() => vpcmap.validate(bad), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.message, 'document: $.vpcs[0].cidrs[0]: expected an IPv4 CIDR such as 10.0.0.0/16, found "10.0.0.0/33"');
    return true;
  });
});

test('importFiles reads native documents and AWS describe output', () => {
  const native = vpcmap.importFiles([{ path: 'sample.json', text: sampleText }]);
  assert.equal(native.topology.vpcs.length, 4);
  assert.deepEqual(native.notes, []);
  const aws = vpcmap.importFiles([
    { name: 'us-east-1/Vpcs.json', text: JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] }) },
  ]);
  assert.equal(aws.topology.vpcs[0].id, 'vpc-1');
  assert.equal(aws.topology.vpcs[0].region, 'us-east-1');
});

test('importAws refuses a vpcmap document, convert returns a document', () => {
  assert.throws(() => vpcmap.importAws([{ path: 'sample.json', text: sampleText }]), /vpcmap document/);
  assert.equal(vpcmap.convert([{ path: 'sample.json', text: sampleText }]).format, 'vpcmap/1');
});

test('a file that is not JSON throws with file, line and column', () => {
  assert.throws(() => vpcmap.importFiles([{ path: 'broken.json', text: '{"format": ' }]), /^Error: broken\.json:1:\d+: not valid JSON/);
});
