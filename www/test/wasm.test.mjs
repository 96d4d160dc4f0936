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
  assert.equal(report.summary.errors, 1);
  assert.equal(report.summary.suppressed, 0);
  // The counts are the CLI's: every finding is counted once, by its severity.
  const count = (severity) => report.findings.filter((f) => f.severity === severity).length;
  assert.deepEqual(report.summary, { errors: 1, warnings: count('warning'), info: count('info'), suppressed: 0 });
  assert.equal(report.findings[0].code, 'PEERING_TRANSITIVE');
  assert.deepEqual(report.findings[0].resources.slice(0, 2), ['rtb-0prodapp', 'pcx-0prodshared']);
});

test('a suppressed finding stays in the report with its reason but is not counted', () => {
  const doc = JSON.parse(sampleText);
  doc.suppressions = [{ code: 'PEERING_TRANSITIVE', resource: 'rtb-0prodapp', reason: 'known, CHG-42' }];
  const report = vpcmap.validate(doc);
  assert.equal(report.summary.errors, 0);
  assert.equal(report.summary.suppressed, 1);
  const transitive = report.findings.find((f) => f.code === 'PEERING_TRANSITIVE');
  assert.deepEqual(transitive.suppressed, { reason: 'known, CHG-42' });
});

test('suggestCidr gives the same blocks as the CLI planner', () => {
  const doc = JSON.parse(readFileSync(`${repo}tests/fixtures/plan/regions.json`, 'utf8'));
  const all = vpcmap.suggestCidr(doc, { prefixLen: 16, count: 2 });
  assert.deepEqual(all, { prefixLen: 16, within: '10.0.0.0/8', count: 2, blocks: ['10.10.0.0/16', '10.11.0.0/16'] });
  const east = vpcmap.suggestCidr(doc, { prefixLen: 16, region: 'us-east-1', within: '10.0.0.0/12' });
  assert.deepEqual(east.blocks, ['10.4.0.0/16']);
  assert.throws(() => vpcmap.suggestCidr(doc, { prefixLen: 4 }), /a \/4 does not fit in 10.0.0.0\/8/);
});

test('accepts a document as JSON text too', () => {
  assert.equal(vpcmap.validate(sampleText).summary.errors, 1);
});

test('draw gives the SVG renderSvg draws with badges, and the report validate gives, from one call', () => {
  const drawn = vpcmap.draw(sampleText, { style: false });
  assert.deepEqual(Object.keys(drawn).sort(), ['report', 'svg']);
  assert.equal(typeof drawn.svg, 'string');
  assert.equal(drawn.svg, vpcmap.renderSvg(sampleText, { style: false, findings: true }));
  assert.deepEqual(drawn.report, vpcmap.validate(sampleText));
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

test('a JSON-text document fails with the same message as an object', () => {
  const bad = '{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","region":"r","cidrs":["10.0.0.0/33"]}]}';
  assert.throws(() => vpcmap.layout(bad), { message: /^document: \$\.vpcs\[0\]\.cidrs\[0\]: / });
  assert.throws(() => vpcmap.renderSvg(JSON.parse(bad)), { message: /\$\.vpcs\[0\]\.cidrs\[0\]/ });
  assert.throws(() => vpcmap.validate({ format: 'vpcmap/1', vcps: [] }), { message: /vcps/ }, 'unknown keys are refused');
  assert.throws(() => vpcmap.importFiles('not an array'), (err) => err instanceof Error && /^files: /.test(err.message));
  assert.throws(() => vpcmap.importFiles([]), Error, 'no input is an error, not an empty document');
});

test('renderSvg escapes every text from the document (the page inserts this SVG as markup)', () => {
  const hostile = '</text><script>alert(1)</script><foreignObject><img src=x onerror=alert(2)>';
  const doc = {
    format: 'vpcmap/1',
    name: hostile,
    vpcs: [{ id: 'vpc-x', name: hostile, region: 'eu-west-1', cidrs: ['10.0.0.0/16'] }],
  };
  for (const svg of [vpcmap.renderSvg(doc), vpcmap.renderSvg(doc, { title: hostile, findings: true })]) {
    assert.doesNotMatch(svg, /<script|<foreignObject|<img|onerror=alert\(2\)>/i);
    assert.match(svg, /&lt;script&gt;/);
  }
});

test('renderSvg options: none, null, no inline style, themes', () => {
  const doc = vpcmap.sample();
  assert.equal(vpcmap.renderSvg(doc), vpcmap.renderSvg(doc, null));
  assert.equal(vpcmap.renderSvg(doc), vpcmap.renderSvg(doc, {}));
  assert.match(vpcmap.renderSvg(doc), /<style/);
  assert.doesNotMatch(vpcmap.renderSvg(doc, { style: false }), /<style/);
  assert.match(vpcmap.renderSvg(doc, { theme: 'light' }), /vm-theme-light/);
  assert.throws(() => vpcmap.renderSvg(doc, { findings: 'yes' }), { message: /^options: / });
  assert.ok(vpcmap.diagramCss().includes('.vm-'), 'diagramCss() is the stylesheet the page adopts');
});

test('version() is the crate version', () => {
  const cargo = readFileSync(`${repo}Cargo.toml`, 'utf8');
  assert.equal(vpcmap.version(), /^version = "([^"]+)"/m.exec(cargo)[1]);
});

test('the TypeScript types in pkg/vpcmap.d.ts are not stale', () => {
  const dts = readFileSync(`${repo}pkg/vpcmap.d.ts`, 'utf8');
  // Every top-level key of the document schema, and no other, is in VpcmapDocument.
  const schema = JSON.parse(readFileSync(`${repo}docs/vpcmap.schema.json`, 'utf8'));
  const body = /export interface VpcmapDocument \{([^}]*)\}/.exec(dts)[1];
  const keys = [...body.matchAll(/(\w+)\??:/g)].map((m) => m[1]).sort();
  assert.deepEqual(keys, Object.keys(schema.properties).sort());
  // NodeKind and EdgeKind list the variants of the Rust enums, kebab-cased as serde does.
  const types = readFileSync(`${repo}src/layout/types.rs`, 'utf8');
  const kebab = (name) => name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());
  for (const name of ['NodeKind', 'EdgeKind']) {
    const rust = /pub enum (\w+) \{([^}]*)\}/g;
    const variants = [...types.matchAll(rust)].find((m) => m[1] === name)[2]
      .split('\n').map((l) => l.trim()).filter((l) => /^[A-Z]\w*,?$/.test(l)).map((l) => kebab(l.replace(',', '')));
    const ts = new RegExp(`export type ${name} =([^;]*);`).exec(dts)[1];
    assert.deepEqual([...ts.matchAll(/"([^"]+)"/g)].map((m) => m[1]).sort(), variants.sort(), name);
  }
  // The exports are typed, not `any`.
  assert.match(dts, /export function validate\(doc: VpcmapDocument \| string\): Report;/);
  assert.match(dts, /export function renderSvg\(doc: VpcmapDocument \| string, options\?: RenderOptions\): string;/);
  assert.match(dts, /export function importFiles\(files: InputFile\[\]\): Imported;/);
  for (const name of ['Finding', 'Report', 'Layout', 'LayoutNode', 'LayoutEdge', 'Imported']) assert.match(dts, new RegExp(`export interface ${name} `));
});

test('layout and report shapes match the TypeScript types', () => {
  const layout = vpcmap.layout(JSON.stringify(vpcmap.sample()));
  for (const node of layout.nodes) {
    assert.deepEqual(Object.keys(node).filter((k) => !['detail', 'variant'].includes(k)).sort(),
      ['height', 'id', 'kind', 'label', 'parent', 'width', 'x', 'y']);
  }
  for (const edge of layout.edges) {
    assert.ok(edge.points.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite)));
  }
  const report = vpcmap.validate(vpcmap.sample());
  for (const finding of report.findings) {
    assert.deepEqual(Object.keys(finding).filter((k) => k !== 'hint').sort(), ['code', 'message', 'resources', 'severity']);
    assert.ok(['error', 'warning', 'info'].includes(finding.severity));
  }
});

test('importFiles reads a Terraform plan: placeholders for ids known after apply', () => {
  const text = readFileSync(`${repo}tests/fixtures/terraform/plan-every-type.json`, 'utf8');
  const { topology, notes } = vpcmap.importFiles([{ path: 'plan.json', text }]);
  assert.equal(topology.vpcs[0].id, 'vpc-(aws_vpc.hub)');
  assert.equal(topology.subnets[2].vpc, 'vpc-(module.spoke["a"].aws_vpc.this)');
  assert.ok(topology.planned.some((p) => p.id === 'vpc-(aws_vpc.hub)' && p.address === 'aws_vpc.hub'));
  assert.ok(notes.some((n) => n.message === 'aws_vpc.hub: id known after apply; shown as vpc-(aws_vpc.hub)'));
  assert.ok(!JSON.stringify(topology).includes('SECRET'));
  // The diagram marks what is not known yet.
  const svg = vpcmap.renderSvg(topology);
  assert.match(svg, /class="vm-node vm-kind-vpc vm-planned" data-id="vpc-\(aws_vpc\.hub\)"/);
});

test('importFiles refuses Terraform mixed with AWS output, with the CLI message', () => {
  const text = readFileSync(`${repo}tests/fixtures/terraform/plan-every-type.json`, 'utf8');
  assert.throws(
    () => vpcmap.importFiles([{ path: 'plan.json', text }, { path: 'Vpcs.json', text: '{"Vpcs": []}' }]),
    { message: 'Terraform input (plan.json) cannot be combined with Vpcs.json, which is not Terraform\'s' },
  );
});

test('trace follows a flow both ways, as the CLI does', () => {
  const trace = vpcmap.trace(vpcmap.sample(), { from: 'i-0prodapp1', to: 'subnet-0shrda' });
  assert.equal(trace.reachable, true);
  assert.equal(trace.protocol, 'all');
  assert.deepEqual(trace.hops.map((h) => h.resource), ['sg-0prodapp', 'rtb-0prodapp', 'pcx-0prodshared', 'subnet-0shrda']);
  assert.equal(trace.return.reachable, true);
  assert.equal(trace.blocked, null);
});

test('a blocked trace names the component and a verified fix', () => {
  // The sample's transitive route: prod → EU data through the shared VPC.
  const trace = vpcmap.trace(vpcmap.sample(), { from: 'i-0prodapp1', to: 'subnet-0eupuba', protocol: 'tcp', port: 443 });
  assert.equal(trace.reachable, false);
  assert.equal(trace.blocked.code, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
  assert.equal(trace.blocked.rule, 'PEERING_TRANSITIVE');
  assert.equal(trace.blocked.fix, null);
});

test('trace errors read like the CLI', () => {
  assert.throws(() => vpcmap.trace(vpcmap.sample(), { from: 'i-nope', to: 'internet' }), /^Error: --from: the document has no i-nope/);
  assert.throws(() => vpcmap.trace(vpcmap.sample(), { to: 'internet' }), /query: expected \{from, to, protocol\?, port\?\}/);
});

test('matrix lists every ordered pair with a code when blocked', () => {
  const matrix = vpcmap.matrix(vpcmap.sample(), { protocol: 'tcp', port: 443 });
  const sources = matrix.endpoints.filter((e) => e.kind !== 'service').length;
  assert.equal(matrix.cells.length, sources * (matrix.endpoints.length - 1));
  for (const cell of matrix.cells) assert.equal(cell.reachable, cell.code === null);
  assert.deepEqual(vpcmap.matrix(vpcmap.sample()).protocol, 'all');
});

test('diff and diffSvg of a Terraform plan agree with the CLI', () => {
  const plan = readFileSync(`${repo}tests/fixtures/terraform/diff/plan-peering-change.json`, 'utf8');
  const sides = vpcmap.importPlan([{ path: 'plan.json', text: plan }]);
  const change = vpcmap.diff(sides.before.topology, sides.after.topology);
  // The same counts `vpcmap diff PLAN --format json` prints (tests/it/diff.rs).
  assert.equal(change.summary.introducedErrors, 1);
  assert.equal(change.resources[5].change, 'removed');
  assert.ok(change.reachability.length > 0);
  const svg = vpcmap.diffSvg(sides.before.topology, sides.after.topology);
  assert.match(svg, /^<svg/);
  assert.match(svg, /Network change:/);
  assert.match(svg, /vm-added/);
  assert.match(svg, /vm-removed/);
  // The reverse change swaps what was added and removed.
  const back = vpcmap.diff(sides.after.topology, sides.before.topology);
  assert.equal(back.summary.added, change.summary.removed);
  assert.equal(back.summary.removed, change.summary.added);
  // Bad input says which side is wrong.
  assert.throws(() => vpcmap.diff({ format: 'vpcmap/1' }, { format: 'nope' }), /^Error: after/);
  assert.throws(() => vpcmap.importPlan([{ path: 'doc.json', text: sampleText }]), /doc.json: not a Terraform plan/);
});

test('toDrawio writes the file `vpcmap render --format drawio` writes, containers and edges included', () => {
  const doc = JSON.parse(readFileSync(`${repo}tests/fixtures/layout/vpn-site.json`, 'utf8'));
  const xml = vpcmap.toDrawio(doc);
  // The Rust golden test keeps this file equal to the CLI's output.
  assert.equal(xml, readFileSync(`${repo}tests/golden/vpn-site/diagram.drawio`, 'utf8'));
  assert.equal(vpcmap.toDrawio(JSON.stringify(doc), { theme: 'light' }), xml, 'text or object, auto is light');
  const layout = vpcmap.layout(doc);
  const cells = [...xml.matchAll(/<mxCell id="([^"]*)"[^>]*?(?: vertex="1"| edge="1")[^>]*>/g)].map((m) => m[1]);
  assert.deepEqual(cells, [...layout.nodes.map((n) => `v:${n.id}`), ...layout.edges.map((e) => `e:${e.id}`)]);
  assert.match(xml, /id="v:vpc-1" value="app&#10;10\.1\.0\.0\/16" style="[^"]*container=1;[^"]*" vertex="1" parent="v:region:us-west-2"/);
  assert.match(xml, /edge="1" parent="1" source="v:cgw-1" target="v:vgw-1">/);
  const dark = vpcmap.toDrawio(doc, { theme: 'dark', title: 'a <b> & "c"' });
  assert.match(dark, /background="#0f1419"/);
  assert.match(dark, /name="a &lt;b&gt; &amp; &quot;c&quot;"/);
  assert.throws(() => vpcmap.toDrawio(doc, { colour: 'red' }), /^Error: options: unknown field `colour`/);
  assert.throws(() => vpcmap.toDrawio({ format: 'vpcmap/1', vpcs: [{}] }), /^Error: document: \$\.vpcs\[0\]/);
});
