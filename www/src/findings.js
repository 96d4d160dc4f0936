// @ts-check
// Parts shared by the design tool (app.js) and the <vpc-map> element (vpc-map.js): the findings
// list, diagram highlighting, and the SVG parsed as XML. DOM by createElement/textContent only.

/** @typedef {import('./core.js').Finding} Finding */
/** @typedef {import('./core.js').Report} Report */

/**
 * The list items for a report, one per finding (or one "No findings" item); activating an item
 * (click, Enter, Space) calls `onSelect` with its finding.
 * @param {Report} report
 * @param {(finding: Finding) => void} onSelect
 * @param {Document} [doc] the document that creates the elements
 * @returns {HTMLLIElement[]}
 */
export function findingItems(report, onSelect, doc = document) {
  const items = report.findings.map((finding) => {
    const item = doc.createElement('li');
    item.className = `vm-finding vm-finding-${finding.severity}`;
    item.tabIndex = 0;
    item.dataset.code = finding.code;
    const head = doc.createElement('div');
    head.className = 'vm-finding-head';
    const badge = doc.createElement('span');
    badge.className = 'vm-severity';
    badge.textContent = finding.severity;
    const code = doc.createElement('code');
    code.textContent = finding.code;
    head.append(badge, ' ', code);
    const message = doc.createElement('p');
    message.className = 'vm-message';
    message.textContent = finding.message;
    item.append(head, message);
    if (finding.hint) {
      const hint = doc.createElement('p');
      hint.className = 'vm-hint';
      hint.textContent = `Fix: ${finding.hint}`;
      item.append(hint);
    }
    item.addEventListener('click', () => onSelect(finding));
    item.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onSelect(finding);
      }
    });
    return item;
  });
  if (items.length === 0) {
    const none = doc.createElement('li');
    none.className = 'vm-finding vm-finding-none';
    none.textContent = 'No findings: the design follows every implemented rule.';
    items.push(none);
  }
  return items;
}

/**
 * Put `className` on the diagram elements whose `data-id` is in `ids` (and take it off all
 * others); returns the marked elements in document order.
 * @param {ParentNode} diagram
 * @param {Iterable<string>} ids
 * @param {string} [className]
 * @returns {Element[]}
 */
export function highlight(diagram, ids, className = 'vm-selected') {
  const wanted = new Set(ids);
  for (const el of Array.from(diagram.querySelectorAll(`.${className}`))) el.classList.remove(className);
  const marked = [];
  for (const el of Array.from(diagram.querySelectorAll('[data-id]'))) {
    if (wanted.has(el.getAttribute('data-id') ?? '')) {
      el.classList.add(className);
      marked.push(el);
    }
  }
  return marked;
}

/**
 * Parse the renderer's SVG text as XML (never as HTML) and adopt it into `doc`.
 * @param {string} svgText
 * @param {Document} [doc]
 * @returns {SVGSVGElement}
 */
export function parseSvg(svgText, doc = document) {
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const svg = parsed.documentElement;
  if (svg.nodeName !== 'svg') throw new Error('the renderer returned no SVG');
  return /** @type {SVGSVGElement} */ (/** @type {unknown} */ (doc.importNode(svg, true)));
}
