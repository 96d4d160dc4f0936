// Node tests of scripts/serve.mjs: the right MIME types (application/wasm above all), pkg/ mapped
// at /pkg/, no way out of www/ or pkg/ by dot segments in any spelling, and loopback only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
let server;
let port;

before(async () => {
  server = spawn(process.execPath, [`${repo}scripts/serve.mjs`], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  port = await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(String(chunk));
      if (match) resolve(Number(match[1]));
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
});

after(() => server?.kill());

/**
 * GET a raw request target (sent byte for byte: Node's client does not normalise dot segments).
 * @param {string} path @param {string} [host]
 * @returns {Promise<{status: number, type: string, body: string}>}
 */
function get(path, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves www/ at / and pkg/ at /pkg/ with the right types', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(page.type, /^text\/html/);
  assert.match(page.body, /<title>vpcmap/);
  assert.match((await get('/src/app.js')).type, /^text\/javascript/);
  assert.match((await get('/styles.css')).type, /^text\/css/);
  assert.match((await get('/favicon.svg')).type, /^image\/svg\+xml/);
  const wasm = await get('/pkg/vpcmap_bg.wasm');
  assert.equal(wasm.status, 200, 'pkg/ must be built first (scripts/build-wasm)');
  assert.equal(wasm.type, 'application/wasm');
  assert.equal(wasm.body.slice(0, 4), '\0asm');
  assert.match((await get('/pkg/vpcmap.js')).type, /^text\/javascript/);
  assert.match((await get('/src/app.js?v=1')).type, /^text\/javascript/, 'a query string is ignored');
});

test('no path leaves www/ or pkg/', async () => {
  const attempts = [
    '/../Cargo.toml',
    '/pkg/../Cargo.toml',
    '/pkg/../../etc/passwd',
    '/%2e%2e/Cargo.toml',
    '/..%2fCargo.toml',
    '/pkg/..%2f..%2fetc%2fpasswd',
    '/pkg/%2e%2e/www/index.html',
    '/src/..%2f..%2fCargo.toml',
    '/..%5cCargo.toml',
    '/%00',
    '/%E0%A4%A',
    '//etc/passwd',
  ];
  for (const path of attempts) {
    const res = await get(path);
    assert.equal(res.status, 404, `${path} must not be served`);
    assert.doesNotMatch(res.body, /\[package\]|root:/, path);
  }
  assert.equal((await get('/missing.html')).status, 404);
  assert.equal((await get('/src/')).status, 404, 'no directory listings');
});

test('listens on 127.0.0.1 only', async (t) => {
  const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
  if (!external) {
    t.skip('no non-loopback IPv4 interface on this machine');
    return;
  }
  await assert.rejects(get('/', external.address), /ECONNREFUSED/);
});
