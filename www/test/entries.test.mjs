// The npm package's entry points, tested from the repo: the Node entry (www/src/node.js) loads the
// WASM lazily and once and draws the same SVG as `vpcmap render`; the exports map points at files
// that exist; a viewer page's import graph leaves the editor out. The packed tarball itself is
// tested by www/test/consumer/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { designToolFiles, viewerFiles } from '../../scripts/size.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const vpcmap = await import('../src/node.js');
const demo = JSON.parse(readFileSync(`${repo}www/demos/web-app.json`, 'utf8'));

test('the Node entry loads the WASM on first use, once', async () => {
  const first = vpcmap.core();
  assert.equal(vpcmap.core(), first, 'one cached promise');
  const mod = await first;
  assert.equal(typeof mod.validate, 'function');
  assert.equal(await vpcmap.version(), /^version = "([^"]+)"/m.exec(readFileSync(`${repo}Cargo.toml`, 'utf8'))?.[1]);
});

test('renderSvg gives the bytes `vpcmap render` wrote for the docs demo (www/demos/web-app.svg)', async () => {
  const svg = await vpcmap.renderSvg(demo, { findings: true });
  assert.equal(svg, readFileSync(`${repo}www/demos/web-app.svg`, 'utf8'));
  assert.notEqual(await vpcmap.renderSvg(demo, { findings: false }), svg, 'the options matter');
});

test('draw gives renderSvg\'s SVG with badges and validate\'s report, from one call', async () => {
  const drawn = await vpcmap.draw(demo, { theme: 'dark', style: false });
  assert.equal(drawn.svg, await vpcmap.renderSvg(demo, { findings: true, theme: 'dark', style: false }));
  assert.deepEqual(drawn.report, await vpcmap.validate(demo));
  assert.ok(drawn.report.findings.length > 0, 'the demo has findings, so badges are drawn');
  await assert.rejects(vpcmap.draw({ format: 'vpcmap/1', vpcs: [{ id: 'v', region: 'r', cidrs: ['10.0.0.0/33'] }] }), {
    message: 'document: $.vpcs[0].cidrs[0]: expected an IPv4 CIDR such as 10.0.0.0/16, found "10.0.0.0/33"',
  });
});

test('the promise API: findings, traces, and errors as rejections with the CLI text', async () => {
  const report = await vpcmap.validate(demo);
  assert.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => f.code), ['PEERING_ROUTE_MISSING']);
  const trace = await vpcmap.trace(demo, { from: 'subnet-web-app', to: 'internet' });
  assert.equal(trace.reachable, true);
  assert.ok(trace.hops.some((hop) => hop.resource === 'igw-web'));
  await assert.rejects(vpcmap.validate({ format: 'vpcmap/1', vpcs: [{ id: 'v', region: 'r', cidrs: ['10.0.0.0/33'] }] }), {
    message: 'document: $.vpcs[0].cidrs[0]: expected an IPv4 CIDR such as 10.0.0.0/16, found "10.0.0.0/33"',
  });
});

test('every export of www/npm/package.json names a shipped file, with node and browser entries', () => {
  const pkg = JSON.parse(readFileSync(`${repo}www/npm/package.json`, 'utf8'));
  assert.equal(pkg.name, 'vpcmap');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.exports['.'].node.default, './src/node.js');
  assert.equal(pkg.exports['.'].default, './src/vpcmap.js');
  const values = (node) => (typeof node === 'string' ? [node] : Object.values(node).flatMap(values));
  const targets = values(pkg.exports).map((target) => target.slice(2));
  assert.ok(targets.length >= 10);
  for (const target of targets) {
    // In the package, src/ is www/src/ (its .d.ts files are emitted by scripts/package) and pkg/ is pkg/.
    const file = target.startsWith('src/') ? `www/${target}` : target;
    if (file.endsWith('.d.ts')) assert.ok(existsSync(`${repo}${file.replace(/\.d\.ts$/, '.js')}`), target);
    else assert.ok(existsSync(`${repo}${file}`) || file === 'package.json', target);
  }
});

test('a viewer page loads the element, the API and the viewer WASM, not the editor or the full core', () => {
  const files = viewerFiles().map((file) => file.slice(repo.length));
  for (const needed of ['www/src/vpc-map.js', 'www/src/vpcmap.js', 'www/src/core.js', 'www/src/findings.js', 'pkg/vpcmap_viewer.js', 'pkg/vpcmap_viewer_bg.wasm']) {
    assert.ok(files.includes(needed), `${needed} in ${files}`);
  }
  assert.ok(!files.includes('www/src/vpc-map-editor.js'), 'the editor is loaded only with `editable`');
  // The full core's glue is a dynamic import of vpcmap.js, so it is not in the static graph either.
  assert.ok(!files.includes('pkg/vpcmap.js') && !files.includes('pkg/vpcmap_bg.wasm'), 'the full core is loaded only when needed');
  const full = designToolFiles().map((file) => file.slice(repo.length));
  assert.ok(full.includes('pkg/vpcmap_bg.wasm') && full.includes('www/src/app.js'));
});
