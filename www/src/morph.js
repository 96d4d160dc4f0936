// @ts-check
// Make a live DOM tree equal to a freshly built one while keeping the live nodes that are still
// there. An edit to a 50-VPC design changes a few of its ~4,000 diagram elements, but replacing
// the whole SVG made Chromium lay out every one of its ~1,000 texts again (≈ 150–250 ms a
// redraw on the 2-core machine); patched in place, only the changed texts are laid out again.
// Keeping nodes also keeps focus, scroll position and the page's own classes until it re-applies
// them.
//
// Children are matched by key where they have one (`data-id` with the tag and the first class:
// a diagram node, its badge and an edge can share a resource id), else in order among the
// unkeyed children of the same tag. Event listeners are not compared: a morphed tree should take
// its events by delegation, from the element's data, not from closures on the old elements.

/**
 * The key of a child, or null when it is matched by position.
 * @param {Node} node
 */
function keyOf(node) {
  if (node.nodeType !== 1) return null;
  const el = /** @type {Element} */ (node);
  const id = el.getAttribute('data-id');
  if (id === null) return null;
  const cls = el.getAttribute('class') ?? '';
  const first = cls.trimStart().split(/\s/, 1)[0];
  return `${el.localName}\u0000${first}\u0000${id}`;
}

/**
 * Copy `next`'s attributes onto `live`, touching only those that differ.
 * @param {Element} live @param {Element} next
 */
function syncAttributes(live, next) {
  // By name, not through `attributes`: that makes an `Attr` object per attribute, which made
  // this loop the slowest part of a redraw.
  for (const name of next.getAttributeNames()) {
    const value = next.getAttribute(name);
    if (value !== null && live.getAttribute(name) !== value) live.setAttribute(name, value);
  }
  for (const name of live.getAttributeNames()) {
    if (!next.hasAttribute(name)) live.removeAttribute(name);
  }
}

/**
 * Whether `live` can be patched into `next` (same kind of node), rather than replaced.
 * @param {Node} live @param {Node} next
 */
const sameKind = (live, next) =>
  live.nodeType === next.nodeType &&
  (live.nodeType !== 1 || (/** @type {Element} */ (live).localName === /** @type {Element} */ (next).localName && /** @type {Element} */ (live).namespaceURI === /** @type {Element} */ (next).namespaceURI));

/**
 * Make `live`'s children equal to `next`'s. `next` is consumed: its nodes that have no live
 * counterpart are moved into `live` (adopted from another document if need be).
 * @param {Node} live @param {Node} next
 */
export function morphChildren(live, next) {
  /** @type {Map<string, Node>} */
  const keyed = new Map();
  /** Unkeyed live children by tag (`#text` for text), each list in order, with a read position. */
  /** @type {Map<string, {nodes: Node[], at: number}>} */
  const byName = new Map();
  for (let child = live.firstChild; child; child = child.nextSibling) {
    const key = keyOf(child);
    if (key !== null && !keyed.has(key)) keyed.set(key, child);
    else {
      const list = byName.get(child.nodeName) ?? { nodes: [], at: 0 };
      list.nodes.push(child);
      byName.set(child.nodeName, list);
    }
  }
  // Matched children are placed one after another from the start, so when the loop ends every
  // child from `cursor` on is one the new tree does not have.
  let cursor = live.firstChild;
  for (const wanted of Array.from(next.childNodes)) {
    const key = keyOf(wanted);
    /** @type {Node | undefined} */
    let match;
    if (key !== null) {
      match = keyed.get(key);
      if (match) keyed.delete(key);
    } else {
      const list = byName.get(wanted.nodeName);
      if (list && list.at < list.nodes.length) match = list.nodes[list.at++];
    }
    if (match && sameKind(match, wanted)) {
      morphNode(match, wanted);
    } else {
      match = wanted;
    }
    if (match === cursor) cursor = cursor.nextSibling;
    else live.insertBefore(match, cursor);
  }
  removeFrom(cursor);
}

/**
 * Make `live` equal to `next` (same kind of node): attributes, text and children.
 * @param {Node} live @param {Node} next
 */
export function morphNode(live, next) {
  if (live.nodeType === 1) {
    syncAttributes(/** @type {Element} */ (live), /** @type {Element} */ (next));
    morphChildren(live, next);
  } else if (live.nodeValue !== next.nodeValue) {
    live.nodeValue = next.nodeValue;
  }
}

/**
 * Make `parent`'s children exactly `nodes`, in order, moving only the nodes that are out of place
 * (a `replaceChildren` would take every node out and put it back, restyling all of them).
 * @param {Node} parent @param {Node[]} nodes
 */
export function placeChildren(parent, nodes) {
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
  removeFrom(cursor);
}

/**
 * Remove `node` and every sibling after it: the children a patch did not place.
 * @param {ChildNode | null} node
 */
export function removeFrom(node) {
  while (node) {
    const stale = node;
    node = node.nextSibling;
    stale.remove();
  }
}
