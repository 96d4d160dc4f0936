// @ts-check
// IPv4 CIDR text as the property panel checks it while the user types: well-formed or not (the
// core then says whether it fits the design), and a free subnet block inside a VPC. The core's
// planner (`suggestCidr`) finds free VPC blocks; subnet blocks inside one VPC are a smaller
// question (avoid that VPC's other subnets) answered here.

/** @typedef {{base: number, len: number}} Block an address (as an unsigned 32-bit number) and a prefix length */

/**
 * Parse `a.b.c.d/n`; returns the block, or a sentence saying what is wrong.
 * @param {string} text @returns {Block | string}
 */
export function parseCidr(text) {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!match) return `"${text}" is not an IPv4 CIDR (expected a.b.c.d/n, e.g. 10.0.0.0/16)`;
  const octets = match.slice(1, 5).map(Number);
  const len = Number(match[5]);
  if (octets.some((o) => o > 255)) return `"${text}": each part of the address is 0–255`;
  if (len > 32) return `"${text}": the prefix length is 0–32`;
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  return { base, len };
}

/** The block's size in addresses. @param {Block} block */
const size = (block) => 2 ** (32 - block.len);

/** Is `inner` inside `outer`? @param {Block} outer @param {Block} inner */
export const within = (outer, inner) =>
  inner.len >= outer.len && inner.base >= network(outer) && inner.base + size(inner) <= network(outer) + size(outer);

/** Do two blocks share an address? @param {Block} a @param {Block} b */
export const overlaps = (a, b) => network(a) < network(b) + size(b) && network(b) < network(a) + size(a);

/** The block's first address. @param {Block} block */
const network = (block) => block.base - (block.base % size(block));

/** @param {Block} block */
export function format(block) {
  const n = network(block);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${block.len}`;
}

/**
 * The lowest `/len` block inside one of `vpcCidrs` that overlaps none of `used`; null when full.
 * @param {string[]} vpcCidrs @param {string[]} used @param {number} len
 */
export function freeBlock(vpcCidrs, used, len) {
  const taken = used.map(parseCidr).filter((b) => typeof b !== 'string');
  for (const text of vpcCidrs) {
    const outer = parseCidr(text);
    if (typeof outer === 'string' || len < outer.len || len > 28) continue;
    const step = 2 ** (32 - len);
    for (let base = network(outer); base < network(outer) + size(outer); base += step) {
      const candidate = { base, len };
      const clash = taken.find((t) => overlaps(t, candidate));
      if (!clash) return format(candidate);
      // Jump past the block in the way rather than stepping through it.
      const end = network(clash) + size(clash);
      if (end > base + step) base = end - step;
    }
  }
  return null;
}
