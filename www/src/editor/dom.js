// @ts-check
// One helper to build elements: `h('button', {type: 'button', className: 'vm-button'}, 'Undo')`.
// Properties are set as properties (never markup), children are nodes or text.

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{[key: string]: unknown}} [props] properties; `dataset`, `aria` and `on` take objects
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'attrs') for (const [name, v] of Object.entries(/** @type {object} */ (value))) el.setAttribute(name, String(v));
    else if (key === 'on') for (const [name, fn] of Object.entries(/** @type {object} */ (value))) el.addEventListener(name, fn);
    else /** @type {any} */ (el)[key] = value;
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

/**
 * The children worth adding: `parent.replaceChildren(...kids(a, cond ? b : null))`.
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {(Node | string)[]}
 */
export const kids = (...children) => /** @type {(Node | string)[]} */ (children.filter((c) => c !== null && c !== undefined && c !== false));
