// @ts-check
// Fenced ```vpcmap blocks to diagrams, as Mermaid does with its fences. Markdown renderers turn
//
//   ```vpcmap
//   {"format": "vpcmap/1", …}
//   ```
//
// into <pre><code class="language-vpcmap">…</code></pre>; renderFences() replaces each such <pre>
// with a <vpc-map> holding the same JSON in a <script type="application/json"> child (text, never
// markup). `startOnLoad()` does it once the page has been parsed.

import { VpcMapElement } from './vpc-map.js';

const SELECTOR = 'pre > code.language-vpcmap, pre > code.lang-vpcmap, pre.language-vpcmap > code';

/**
 * Replace every vpcmap fence under `root` by a <vpc-map>; the attributes (for example
 * `{findings: 'list'}`) go on every new element. Returns the new elements.
 * @param {ParentNode} [root]
 * @param {Record<string, string>} [attributes]
 * @returns {VpcMapElement[]}
 */
export function renderFences(root = document, attributes = {}) {
  const created = [];
  for (const code of Array.from(root.querySelectorAll(SELECTOR))) {
    const pre = code.parentElement;
    if (!pre) continue;
    const element = /** @type {VpcMapElement} */ (document.createElement('vpc-map'));
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    const script = document.createElement('script');
    script.type = 'application/json';
    script.textContent = code.textContent ?? '';
    element.append(script);
    pre.replaceWith(element);
    created.push(element);
  }
  return created;
}

/**
 * Render the fences once the document is parsed (now, if it already is).
 * @param {Record<string, string>} [attributes]
 * @returns {Promise<VpcMapElement[]>}
 */
export function startOnLoad(attributes = {}) {
  if (document.readyState !== 'loading') return Promise.resolve(renderFences(document, attributes));
  return new Promise((resolve) => {
    document.addEventListener('DOMContentLoaded', () => resolve(renderFences(document, attributes)), { once: true });
  });
}

export { VpcMapElement };
