// @ts-check
// The document's resources as the editor sees them: which list holds each kind, how to find a
// resource by id, fresh ids, what depends on a resource (so a delete lists them first), and the
// trace fixes (`Change`s) applied to a document. Pure functions over plain objects: no DOM, so
// Node tests cover them; every edit works on a copy made by the session (parsed from its JSON text).

/** @typedef {{format: "vpcmap/1", [key: string]: any}} Doc a vpcmap document (the serde form of `Topology`) */
/** @typedef {{[key: string]: any}} Resource */
/** @typedef {import('../core.js').Trace} Trace */

/**
 * Every resource list of the document, with the id prefix AWS uses (the core classifies route
 * targets by it, so new ids must carry it) and a word for people. `regions` are keyed by `name`.
 * @type {{key: string, prefix: string, word: string}[]}
 */
export const COLLECTIONS = [
  { key: 'regions', prefix: '', word: 'region' },
  { key: 'vpcs', prefix: 'vpc-', word: 'VPC' },
  { key: 'subnets', prefix: 'subnet-', word: 'subnet' },
  { key: 'routeTables', prefix: 'rtb-', word: 'route table' },
  { key: 'internetGateways', prefix: 'igw-', word: 'internet gateway' },
  { key: 'natGateways', prefix: 'nat-', word: 'NAT gateway' },
  { key: 'vpcPeeringConnections', prefix: 'pcx-', word: 'peering connection' },
  { key: 'vpnGateways', prefix: 'vgw-', word: 'virtual private gateway' },
  { key: 'customerGateways', prefix: 'cgw-', word: 'customer gateway' },
  { key: 'vpnConnections', prefix: 'vpn-', word: 'VPN connection' },
  { key: 'dxConnections', prefix: 'dxcon-', word: 'Direct Connect connection' },
  { key: 'virtualInterfaces', prefix: 'dxvif-', word: 'virtual interface' },
  { key: 'dxGateways', prefix: 'dxgw-', word: 'Direct Connect gateway' },
  { key: 'dxGatewayAssociations', prefix: 'dxgwassoc-', word: 'Direct Connect gateway association' },
  { key: 'vpcEndpoints', prefix: 'vpce-', word: 'VPC endpoint' },
  { key: 'prefixLists', prefix: 'pl-', word: 'prefix list' },
  { key: 'securityGroups', prefix: 'sg-', word: 'security group' },
  { key: 'networkAcls', prefix: 'acl-', word: 'network ACL' },
  { key: 'transitGateways', prefix: 'tgw-', word: 'transit gateway' },
  { key: 'transitGatewayAttachments', prefix: 'tgw-attach-', word: 'transit gateway attachment' },
  { key: 'transitGatewayRouteTables', prefix: 'tgw-rtb-', word: 'transit gateway route table' },
  { key: 'instances', prefix: 'i-', word: 'instance' },
  { key: 'networkInterfaces', prefix: 'eni-', word: 'network interface' },
  { key: 'onPremNetworks', prefix: 'onprem-', word: 'on-premises network' },
];

/** The id of a resource (a region's is its name). @param {Resource} res @returns {string} */
export const idOf = (res) => String(res.id ?? res.name ?? '');

/**
 * The document resource a diagram element stands for: layout ids of regions are `region:NAME`;
 * routes to the internet `route:igw-…` and endpoint links `endpoint:vpce-…` name their resource.
 * @param {string} diagramId
 */
export function resourceIdOf(diagramId) {
  const match = /^(?:region|route|endpoint):(.+)$/.exec(diagramId);
  return match ? match[1] : diagramId;
}

/**
 * Find a resource by id: its list, index and value; null when the document has none.
 * @param {Doc} doc @param {string} id
 * @returns {{key: string, word: string, index: number, res: Resource} | null}
 */
export function find(doc, id) {
  for (const { key, word } of COLLECTIONS) {
    const list = doc[key];
    if (!Array.isArray(list)) continue;
    const index = list.findIndex((res) => idOf(res) === id);
    if (index >= 0) return { key, word, index, res: list[index] };
  }
  return null;
}

/** Every id in the document. @param {Doc} doc @returns {Set<string>} */
export function allIds(doc) {
  const ids = new Set();
  for (const { key } of COLLECTIONS) for (const res of doc[key] ?? []) ids.add(idOf(res));
  return ids;
}

/**
 * A new id with `prefix` that no resource uses: `vpc-new1`, `vpc-new2`, …
 * @param {Doc} doc @param {string} prefix
 */
export function freshId(doc, prefix) {
  const ids = allIds(doc);
  for (let n = 1; ; n++) {
    const id = `${prefix}new${n}`;
    if (!ids.has(id)) return id;
  }
}

/** Append `res` to the list `key` (creating it). @param {Doc} doc @param {string} key @param {Resource} res */
export function add(doc, key, res) {
  (doc[key] ??= []).push(res);
  return res;
}

/** Does `value` mention `id` anywhere (strings, arrays, nested objects)? @param {unknown} value @param {string} id @returns {boolean} */
function mentions(value, id) {
  if (typeof value === 'string') return value === id;
  if (Array.isArray(value)) return value.some((v) => mentions(v, id));
  if (value && typeof value === 'object') return Object.values(value).some((v) => mentions(v, id));
  return false;
}

/**
 * Does `res` need `id` to exist? True when a field that is not a list names it (`subnet.vpc`,
 * `peering.requester.vpc`, `natGateway.subnet`): such a resource cannot outlive it. A mention
 * inside a list (a route table's `subnets`, a route's `target`) is only a reference to drop.
 * @param {unknown} value @param {string} id @returns {boolean}
 */
function needs(value, id) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).some((v) => v === id || needs(v, id));
}

/**
 * What deleting `id` does: `deleted` lists the resources that cannot exist without it (found
 * again for each of them, so a VPC takes its subnets and their NAT gateways), `updated` those that
 * only mention it (their references are removed). Both exclude `id` itself, in document order.
 * @param {Doc} doc @param {string} id
 * @returns {{deleted: string[], updated: string[]}}
 */
export function dependents(doc, id) {
  const gone = new Set([id]);
  /** @type {string[]} */
  const deleted = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const { key } of COLLECTIONS) {
      for (const res of doc[key] ?? []) {
        const resId = idOf(res);
        if (gone.has(resId)) continue;
        if ([...gone].some((g) => needs(res, g))) {
          gone.add(resId);
          deleted.push(resId);
          changed = true;
        }
      }
    }
  }
  /** @type {string[]} */
  const updated = [];
  for (const { key } of COLLECTIONS) {
    for (const res of doc[key] ?? []) {
      const resId = idOf(res);
      if (!gone.has(resId) && [...gone].some((g) => mentions(res, g))) updated.push(resId);
    }
  }
  return { deleted, updated };
}

/**
 * Remove every mention of the ids in `gone` from `value`: list elements that are or contain one
 * go (a route to a deleted peering, a subnet association); returns the cleaned value.
 * @param {any} value @param {Set<string>} gone @returns {any}
 */
function scrub(value, gone) {
  if (Array.isArray(value)) {
    return value.filter((v) => ![...gone].some((g) => mentions(v, g))).map((v) => scrub(v, gone));
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) value[k] = scrub(v, gone);
  }
  return value;
}

/**
 * Delete `id` with its dependents (see `dependents`), in place; drops their layout hints too.
 * Returns false when the document has no such resource.
 * @param {Doc} doc @param {string} id
 */
export function remove(doc, id) {
  if (!find(doc, id)) return false;
  const gone = new Set([id, ...dependents(doc, id).deleted]);
  for (const { key } of COLLECTIONS) {
    if (!Array.isArray(doc[key])) continue;
    doc[key] = doc[key].filter((res) => !gone.has(idOf(res))).map((res) => scrub(res, gone));
    if (doc[key].length === 0) delete doc[key];
  }
  if (doc.layout) {
    for (const g of gone) delete doc.layout.pins?.[g];
    if (doc.layout.order) doc.layout.order = doc.layout.order.filter((/** @type {string} */ o) => !gone.has(o));
    tidyLayout(doc);
  }
  return true;
}

/** Leave out empty layout hints, as the core writes them. @param {Doc} doc */
export function tidyLayout(doc) {
  if (!doc.layout) return;
  if (doc.layout.pins && Object.keys(doc.layout.pins).length === 0) delete doc.layout.pins;
  if (doc.layout.order && doc.layout.order.length === 0) delete doc.layout.order;
  if (Object.keys(doc.layout).length === 0) delete doc.layout;
}

/**
 * The layout-hint key of a diagram box: a region's is its name, every other box its id.
 * @param {string} diagramId
 */
export const pinKey = (diagramId) => diagramId.replace(/^region:/, '');

/**
 * Pin a box: its top-left corner relative to its parent box, rounded to whole units.
 * @param {Doc} doc @param {string} diagramId @param {{x: number, y: number}} at
 */
export function pin(doc, diagramId, at) {
  doc.layout ??= {};
  doc.layout.pins ??= {};
  doc.layout.pins[pinKey(diagramId)] = { x: Math.round(at.x), y: Math.round(at.y) };
}

/** Clear every pin (the "Re-layout" button); the sibling order stays. @param {Doc} doc */
export function clearPins(doc) {
  if (doc.layout) delete doc.layout.pins;
  tidyLayout(doc);
}

/**
 * Apply a trace's verified fix to `doc` in place, as the core's `reach::fix::apply` does.
 * Throws (naming the change) when a change names a resource the document lacks; the caller works
 * on a copy, so the document stays as it was.
 * @param {Doc} doc @param {NonNullable<NonNullable<Trace['blocked']>['changes']>} changes
 */
export function applyChanges(doc, changes) {
  for (const change of changes) {
    const missing = (/** @type {string} */ what) => new Error(`fix: ${change.op} names ${what}, which the document lacks`);
    if (change.op === 'addRoute') {
      const table = (doc.routeTables ?? []).find((/** @type {Resource} */ t) => t.id === change.routeTable);
      if (!table) throw missing(change.routeTable);
      (table.routes ??= []).push({ destination: change.destination, target: change.target });
    } else if (change.op === 'addSecurityGroupRule') {
      const group = (doc.securityGroups ?? []).find((/** @type {Resource} */ g) => g.id === change.group);
      if (!group) throw missing(change.group);
      /** @type {Resource} */
      const rule = { protocol: change.protocol };
      if (change.fromPort !== undefined) rule.fromPort = change.fromPort;
      if (change.toPort !== undefined) rule.toPort = change.toPort;
      if (change.peer.startsWith('pl-')) rule.prefixLists = [change.peer];
      else if (change.peer.includes(':')) rule.ipv6Cidrs = [change.peer];
      else rule.cidrs = [change.peer];
      (group[change.direction === 'ingress' ? 'ingress' : 'egress'] ??= []).push(rule);
    } else if (change.op === 'addNetworkAclEntry') {
      const acl = (doc.networkAcls ?? []).find((/** @type {Resource} */ a) => a.id === change.networkAcl);
      if (!acl) throw missing(change.networkAcl);
      const icmp = change.protocol === '1' || change.protocol === '58';
      /** @type {Resource} */
      const entry = { ruleNumber: change.ruleNumber, egress: change.egress, action: 'allow', protocol: change.protocol };
      entry[change.cidr.includes(':') ? 'ipv6Cidr' : 'cidr'] = change.cidr;
      if (icmp) {
        if (change.fromPort !== undefined) entry.icmpType = change.fromPort;
        entry.icmpCode = -1;
      } else {
        if (change.fromPort !== undefined) entry.fromPort = change.fromPort;
        if (change.toPort !== undefined) entry.toPort = change.toPort;
      }
      (acl.entries ??= []).push(entry);
    } else if (change.op === 'addTransitGatewayRoute') {
      const table = (doc.transitGatewayRouteTables ?? []).find((/** @type {Resource} */ t) => t.id === change.routeTable);
      if (!table) throw missing(change.routeTable);
      (table.routes ??= []).push({ destination: change.destination, attachment: change.attachment });
    } else {
      throw new Error(`fix: unknown change ${JSON.stringify(change)}`);
    }
  }
}

/** One line for a change, as the trace panel shows it. @param {NonNullable<NonNullable<Trace['blocked']>['changes']>[number]} change */
export function describeChange(change) {
  switch (change.op) {
    case 'addRoute':
      return `add route ${change.destination} → ${change.target} to ${change.routeTable}`;
    case 'addSecurityGroupRule':
      return `allow ${change.protocol}${change.fromPort !== undefined ? ` ${change.fromPort}-${change.toPort ?? change.fromPort}` : ''} ${change.direction === 'ingress' ? 'from' : 'to'} ${change.peer} in ${change.group}`;
    case 'addNetworkAclEntry':
      return `allow rule ${change.ruleNumber} (${change.egress ? 'outbound' : 'inbound'}) for ${change.cidr} in ${change.networkAcl}`;
    case 'addTransitGatewayRoute':
      return `add route ${change.destination} → ${change.attachment} to ${change.routeTable}`;
    default:
      return JSON.stringify(change);
  }
}

/**
 * The diagram boxes that stand for a resource the diagram does not draw as a box of its own: a
 * route table is shown by the subnets it serves (its VPC for the main table), a network ACL by
 * its subnets, a security group by its VPC. Other ids stand for themselves.
 * @param {Doc} doc @param {string} id @returns {string[]}
 */
export function drawnAs(doc, id) {
  const found = find(doc, id);
  if (!found) return [id];
  const { key, res } = found;
  if ((key === 'routeTables' || key === 'networkAcls') && res.subnets?.length) return res.subnets;
  if (key === 'routeTables' || key === 'networkAcls' || key === 'securityGroups') return res.vpc ? [res.vpc] : [id];
  return [id];
}

/**
 * Copy resources (by id) for a later `paste`: deep copies with the list each came from.
 * Regions are not copied (a region is a place, not a thing to duplicate).
 * @param {Doc} doc @param {string[]} ids @returns {{key: string, res: Resource}[]}
 */
export function copy(doc, ids) {
  return ids
    .map((id) => find(doc, id))
    .filter((found) => found !== null && found.key !== 'regions')
    .map((found) => ({ key: /** @type {NonNullable<typeof found>} */ (found).key, res: structuredClone(/** @type {NonNullable<typeof found>} */ (found).res) }));
}

/**
 * Paste copied resources with fresh ids; references among them follow (a pasted subnet of a
 * pasted VPC is in the new VPC), references to others stay. Returns the new ids.
 * @param {Doc} doc @param {{key: string, res: Resource}[]} items @returns {string[]}
 */
export function paste(doc, items) {
  /** @type {Map<string, string>} */
  const renamed = new Map();
  for (const { key, res } of items) {
    const prefix = COLLECTIONS.find((c) => c.key === key)?.prefix ?? '';
    const id = freshId(doc, prefix);
    renamed.set(idOf(res), id);
    add(doc, key, { ...res, id }); // reserve the id before the next one is chosen
  }
  /** @param {any} value @returns {any} */
  const follow = (value) => {
    if (typeof value === 'string') return renamed.get(value) ?? value;
    if (Array.isArray(value)) return value.map(follow);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, follow(v)]));
    return value;
  };
  for (const { key } of items) doc[key] = doc[key].map((/** @type {Resource} */ res) => ([...renamed.values()].includes(res.id) ? follow(res) : res));
  return [...renamed.values()];
}
