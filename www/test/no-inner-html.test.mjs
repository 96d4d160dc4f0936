// No data reaches the DOM as markup: the front end builds elements, never HTML strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));

test('www/src uses no innerHTML, outerHTML or insertAdjacentHTML', () => {
  const files = readdirSync(src, { recursive: true }).filter((f) => String(f).endsWith('.js'));
  assert.ok(files.length > 0);
  for (const file of files) {
    const text = readFileSync(join(src, String(file)), 'utf8');
    for (const banned of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write']) {
      assert.ok(!text.includes(banned), `${file} uses ${banned}`);
    }
  }
});
