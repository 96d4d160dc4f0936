// No script from data, and the pages under the strict CSP (issue 9), in Debian's Chromium.
//
// 1. A document whose names, descriptions, policies and tags are markup, script, `javascript:`
//    URLs, CSS and right-to-left overrides is opened in the design tool, given to <vpc-map>, and
//    written in a ```vpcmap fence of the docs demo: no dialog fires, no script runs, no element
//    or event-handler attribute is injected anywhere (shadow roots included), and the names show
//    as text.
// 2. The design tool and the docs demo, served with exactly
//    `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`, raise no
//    `securitypolicyviolation` and draw their styled diagrams.
// scripts/test passes VPCMAP_BASE_URL; run alone, the test starts scripts/serve.mjs itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

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

// Each payload would run script, add an element or attribute, or restyle the page if any
// renderer wrote it as markup; `window.__pwned` is set by the ones that would run.
const HOSTILE = [
  '<script>window.__pwned = "script"; alert(1)</script>',
  '"><svg onload=alert(1)><img src=x onerror="window.__pwned=\'img\'">',
  'javascript:alert(1)',
  '</style><style>*{display:none !important}</style>',
  'admin\u202Egpj.exe',
  "' onmouseover='alert(1)' x='",
  '<iframe src="javascript:alert(1)"></iframe>',
  '{{constructor.constructor("alert(1)")()}}',
];

/** A valid document whose every free-text field is hostile; overlapping CIDRs and a peering
 * without routes make findings whose messages quote the names. */
function hostileDocument() {
  const name = (i) => HOSTILE[i % HOSTILE.length];
  return {
    format: 'vpcmap/1',
    name: name(0),
    regions: [{ name: 'us-east-1', label: name(3) }],
    vpcs: [
      { id: 'vpc-evil-a', name: name(1), region: 'us-east-1', cidrs: ['10.0.0.0/16'] },
      { id: 'vpc-evil-b', name: name(2), region: 'us-east-1', cidrs: ['10.0.0.0/16'] },
    ],
    subnets: [
      { id: 'subnet-evil-a', name: name(3), vpc: 'vpc-evil-a', az: 'us-east-1a', cidr: '10.0.1.0/24' },
      { id: 'subnet-evil-b', name: name(4), vpc: 'vpc-evil-b', az: 'us-east-1b', cidr: '10.0.2.0/24' },
    ],
    internetGateways: [{ id: 'igw-evil', name: name(5), vpc: 'vpc-evil-a' }],
    vpcPeeringConnections: [{ id: 'pcx-evil', name: name(6), requester: { vpc: 'vpc-evil-a' }, accepter: { vpc: 'vpc-evil-b' } }],
    securityGroups: [{ id: 'sg-evil', name: name(7), vpc: 'vpc-evil-a', description: name(0) }],
    vpcEndpoints: [{ id: 'vpce-evil', name: name(1), vpc: 'vpc-evil-a', type: 'gateway', service: 'com.amazonaws.us-east-1.s3', policy: name(0) }],
    onPremNetworks: [{ id: 'dc-evil', name: name(2), cidrs: ['192.168.0.0/16'] }],
    instances: [{ id: 'i-evil', name: name(6), subnet: 'subnet-evil-a', privateIp: '10.0.1.5' }],
  };
}

/** A context whose pages record dialogs, CSP violations, page errors and console errors. */
async function newContext() {
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
  await context.addInitScript(() => {
    const seen = [];
    Object.defineProperty(window, '__violations', { value: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return context;
}

async function openPage(context, path) {
  const page = await context.newPage();
  const problems = [];
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  page.on('pageerror', (err) => problems.push(`page error: ${err}`));
  page.on('console', (msg) => { if (msg.type() === 'error' || /Content.Security.Policy/i.test(msg.text())) problems.push(`console: ${msg.text()}`); });
  const response = await page.goto(`${baseUrl}${path}`);
  return { page, problems, response };
}

/** What the page holds that no renderer of ours writes: scripts beyond the page's own, frames,
 * embedded objects, foreign content, images in the diagram, event-handler attributes, links or
 * URL attributes with `javascript:` — in the document and in every open shadow root. */
async function injected(page, pageScripts) {
  return page.evaluate((pageScripts) => {
    const found = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        const tag = el.localName;
        if (tag === 'script' && el.type !== 'application/json' && !pageScripts.includes(el.getAttribute('src'))) found.push(`<script> ${el.outerHTML.slice(0, 80)}`);
        if (['iframe', 'object', 'embed', 'foreignobject', 'img', 'a', 'use', 'image'].includes(tag.toLowerCase()) && el.closest('svg, .findings, .vm-findings')) found.push(`<${tag}> in a diagram or findings list`);
        if (tag === 'style' && el.closest('svg')) found.push('<style> in a diagram');
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name)) found.push(`${attr.name}= on <${tag}>`);
          if (/^\s*javascript:/i.test(attr.value) && /href|src|action|data/i.test(attr.name) && el.id !== 'evil-src') found.push(`${attr.name}=javascript: on <${tag}>`);
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    if (window.__pwned) found.push(`window.__pwned = ${window.__pwned}`);
    return found;
  }, pageScripts);
}

/** The text of an element and its shadow root, as a user would read it. */
async function shownText(page, selector) {
  return page.evaluate((selector) => {
    const el = document.querySelector(selector);
    const parts = [el?.textContent ?? ''];
    if (el?.shadowRoot) parts.push(el.shadowRoot.textContent ?? '');
    return parts.join(' ');
  }, selector);
}

async function pageScripts(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll('script[src]'), (s) => s.getAttribute('src')));
}

test('design tool: a hostile document is drawn and listed as text; nothing runs or is injected', async () => {
  const context = await newContext();
  const { page, problems } = await openPage(context, '');
  await page.waitForSelector('#diagram svg [data-kind="vpc"]');
  const scripts = await pageScripts(page);
  const text = JSON.stringify(hostileDocument());
  await page.setInputFiles('#file-input', { name: '<img src=x onerror=alert(1)>.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForSelector('#diagram [data-id="vpc-evil-a"]');
  await page.waitForSelector('.vm-findings .vm-finding');
  // The names are on show as text: in the diagram and in the findings' messages.
  const diagram = await shownText(page, '#diagram');
  assert.ok(diagram.includes('"><svg onload=alert(1)>'), diagram.slice(0, 400));
  assert.ok(!diagram.includes('\u202E'), 'the right-to-left override is neutralised');
  const findings = await page.locator('.vm-findings').innerText();
  assert.match(findings, /VPC_CIDR_OVERLAP|PEERING_CIDR_OVERLAP|CIDR/);
  // Hovering and clicking every node would fire injected handlers.
  for (const node of await page.locator('#diagram [data-id]').all()) await node.hover({ force: true, timeout: 2000 }).catch(() => {});
  await page.locator('.vm-finding').first().click();
  await page.waitForTimeout(200);
  assert.deepEqual(await injected(page, scripts), []);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  // The page's own stylesheet still applies: no injected `*{display:none}`.
  assert.equal(await page.locator('#diagram').isVisible(), true);
  assert.deepEqual(problems, []);
  // The detector itself sees an injected handler (so the empty list above means something).
  await page.evaluate(() => {
    const probe = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    probe.setAttribute('onmouseover', 'alert(1)');
    document.querySelector('#diagram svg')?.append(probe);
  });
  assert.deepEqual(await injected(page, scripts), ['onmouseover= on <g>']);
  await context.close();
});

test('<vpc-map> and a ```vpcmap fence with a hostile document: text only, nothing runs or is injected', async () => {
  const context = await newContext();
  const { page, problems } = await openPage(context, 'demos/docs.html');
  await page.waitForSelector('#tag-map .diagram svg [data-kind="vpc"]');
  const scripts = await pageScripts(page);
  const doc = hostileDocument();
  await page.evaluate(async (doc) => {
    // The element, given the document as a property, with its findings list and a trace.
    const element = /** @type {any} */ (document.createElement('vpc-map'));
    element.id = 'evil-map';
    element.setAttribute('findings', 'list');
    element.setAttribute('trace-from', 'subnet-evil-a');
    element.setAttribute('trace-to', '<img src=x onerror=alert(1)>');
    element.document = doc;
    document.body.append(element);
    // A fence whose JSON closes the script element it is copied into, if it were markup.
    const pre = document.createElement('pre');
    const code = document.createElement('code');
    code.className = 'language-vpcmap';
    code.textContent = JSON.stringify({ ...doc, name: '</script><script>window.__pwned="fence"</script>' });
    pre.append(code);
    pre.id = 'evil-fence';
    document.body.append(pre);
    const { renderFences } = await import('/src/fences.js');
    renderFences(document, { findings: 'list' }).forEach((el) => { el.id = 'evil-fenced'; });
    // A src that is a javascript: URL is fetched as nothing, not run.
    const bySrc = document.createElement('vpc-map');
    bySrc.id = 'evil-src';
    bySrc.setAttribute('src', 'javascript:alert(1)');
    document.body.append(bySrc);
  }, doc);
  await page.waitForFunction(() => document.querySelector('#evil-map')?.shadowRoot?.querySelector('[data-id="vpc-evil-a"]'));
  await page.waitForFunction(() => document.querySelector('#evil-map')?.shadowRoot?.querySelector('.findings .vm-finding'));
  await page.waitForFunction(() => document.querySelector('#evil-fenced')?.shadowRoot?.querySelector('[data-id="vpc-evil-b"]'));
  const shown = await shownText(page, '#evil-map');
  assert.ok(shown.includes('<script>window.__pwned = "script"; alert(1)</script>') || shown.includes('"><svg onload=alert(1)>'), shown.slice(0, 400));
  assert.ok(!shown.includes('\u202E'));
  for (const node of await page.locator('#evil-map [data-id]').all()) await node.hover({ force: true, timeout: 2000 }).catch(() => {});
  await page.waitForTimeout(300);
  assert.deepEqual(await injected(page, scripts), []);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  // The javascript: src is refused with the element's error, before any fetch.
  await page.waitForFunction(() => /expected an http\(s\), blob: or data: URL/.test(document.querySelector('#evil-src')?.shadowRoot?.textContent ?? ''));
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [path, drawn] of [
  ['', '#diagram svg [data-kind="vpc"] rect'],
  ['demos/docs.html', '#tag-map .diagram svg [data-kind="vpc"] rect'],
]) {
  test(`under the strict CSP, /${path} raises no violation and draws a styled diagram`, async () => {
    const context = await newContext();
    // Serve every response with exactly the policy of issue 9 (scripts/serve.mjs sends it too,
    // with img-src widened for data: and blob: images).
    await context.route(`${baseUrl}**`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers(), 'content-security-policy': STRICT_CSP };
      await route.fulfill({ response, headers });
    });
    const { page, problems, response } = await openPage(context, path);
    assert.equal(response?.headers()['content-security-policy'], STRICT_CSP);
    await page.waitForSelector(drawn.replace(/ rect$/, ''));
    // Styled by the adopted diagram stylesheet (an inline <style> or style="" would be blocked).
    const stroke = await page.locator(drawn).first().evaluate((el) => getComputedStyle(el).strokeWidth);
    assert.notEqual(stroke, '1px', 'the diagram stylesheet applies');
    const fill = await page.locator(drawn).first().evaluate((el) => getComputedStyle(el).fill);
    assert.notEqual(fill, 'rgb(0, 0, 0)', 'the diagram is not left unstyled (black boxes)');
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('scripts/serve.mjs sends a policy at least as strict as the tested one', async () => {
  const response = await fetch(baseUrl);
  const policy = response.headers.get('content-security-policy') ?? '';
  for (const directive of STRICT_CSP.split('; ')) assert.ok(policy.includes(directive), `${directive} in ${policy}`);
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|\s\*/);
});
