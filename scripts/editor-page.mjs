// What scripts/bench-editor.mjs and scripts/prof-editor.mjs share: the design tool served on a
// free 127.0.0.1 port (or VPCMAP_BASE_URL), and a page of it that opens a document the way a
// reload does (restored from localStorage), waiting for its first drawing.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** @returns {Promise<{url: string, stop: () => void}>} */
export async function serve() {
  if (process.env.VPCMAP_BASE_URL) return { url: process.env.VPCMAP_BASE_URL, stop: () => {} };
  const server = spawn(process.execPath, [`${repo}scripts/serve.mjs`], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(String(chunk));
      if (match) resolve(match[0]);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => server.kill() };
}

/**
 * A new context and page of the design tool at `url` with `text` as the saved document (only
 * on the first load: a reload keeps what the page saved), once the first diagram is drawn.
 * @param {import('playwright-core').Browser} browser @param {string} url @param {string} text
 */
export async function openRestored(browser, url, text) {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  await context.addInitScript((saved) => {
    if (!sessionStorage.getItem('restored')) localStorage.setItem('vpcmap:document', saved);
    sessionStorage.setItem('restored', '1');
  }, text);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('diagram')?.dataset.revision === '1', null, { timeout: 600_000 });
  return { context, page };
}
