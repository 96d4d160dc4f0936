// @ts-check
// The palette: one button per resource kind, each adding it with defaults that validate (a new
// VPC gets a free block from the core's CIDR planner, a subnet a free /24 of its VPC, a gateway
// endpoint the VPC's route tables). What a new resource attaches to comes from the selection (a
// subnet goes into the selected VPC, or the VPC of the selected subnet). The connect tool joins
// two things: VPC to VPC makes a peering, VPC to an on-premises network a Site-to-Site VPN, each
// with the routes both ways offered as checkboxes before anything is created.

import { h } from './dom.js';
import { add, find, freshId } from './model.js';
import { freeBlock } from './cidr.js';

/** @typedef {import('./model.js').Doc} Doc */
/** @typedef {import('./model.js').Resource} Resource */

/**
 * @typedef {{
 *   history: import('./history.js').History,
 *   selection: () => string[],
 *   select: (ids: string[]) => void,
 *   suggestCidr: (doc: Doc, options: import('../core.js').SuggestCidrOptions) => Promise<import('../core.js').CidrSuggestion>,
 *   failed: (what: string, err: unknown) => void,
 *   status: (text: string) => void,
 * }} PaletteContext
 */

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1', 'sa-east-1', 'ca-central-1'];

/** The VPC the selection stands in (a VPC, or the VPC of a subnet, route table, gateway…). @param {Doc} doc @param {string[]} selection */
function selectedVpc(doc, selection) {
  for (const id of selection) {
    const found = find(doc, id);
    if (!found) {
      const az = /^az:([^:]+):/.exec(id);
      if (az && find(doc, az[1])) return find(doc, az[1])?.res ?? null;
      continue;
    }
    if (found.key === 'vpcs') return found.res;
    const vpcId = found.res.vpc ?? found.res.attachments?.[0]?.vpc;
    if (typeof vpcId === 'string' && find(doc, vpcId)?.key === 'vpcs') return find(doc, vpcId)?.res ?? null;
  }
  return null;
}

/** The region the selection is in, else the first one the document has. @param {Doc} doc @param {string[]} selection */
function selectedRegion(doc, selection) {
  for (const id of selection) {
    const region = /^region:(.+)$/.exec(id);
    if (region) return region[1];
  }
  return selectedVpc(doc, selection)?.region ?? doc.regions?.[0]?.name ?? doc.vpcs?.[0]?.region ?? 'us-east-1';
}

/** @param {Doc} doc @param {string[]} selection */
function selectedSubnet(doc, selection) {
  for (const id of selection) {
    const found = find(doc, id);
    if (found?.key === 'subnets') return found.res;
  }
  return null;
}

/** @param {string} word */
const needVpc = (word) => new Error(`select a VPC (or something in one) to add ${word} to`);

/** The VPC's attached virtual private gateway, added when it has none. @param {Doc} doc @param {Resource} vpc */
function vgwOf(doc, vpc) {
  const there = (doc.vpnGateways ?? []).find((/** @type {Resource} */ g) => (g.attachments ?? []).some((/** @type {Resource} */ a) => a.vpc === vpc.id));
  return there ?? add(doc, 'vpnGateways', { id: freshId(doc, 'vgw-'), region: vpc.region, amazonSideAsn: 64512, attachments: [{ vpc: vpc.id }] });
}

/** A documentation address (RFC 5737) not used by another customer gateway. @param {Doc} doc */
function freeCgwAddress(doc) {
  const used = new Set((doc.customerGateways ?? []).map((/** @type {Resource} */ g) => g.ipAddress));
  for (let n = 10; n < 255; n++) if (!used.has(`203.0.113.${n}`)) return `203.0.113.${n}`;
  return '198.51.100.10';
}

/**
 * What each palette button adds: `(doc, selection, ctx)` edits `doc` and returns the new id.
 * @type {{label: string, add: (doc: Doc, selection: string[], ctx: PaletteContext) => Promise<string> | string}[]}
 */
export const ITEMS = [
  { label: 'Region', add: (doc) => {
    const taken = new Set([...(doc.regions ?? []).map((/** @type {Resource} */ r) => r.name), ...(doc.vpcs ?? []).map((/** @type {Resource} */ v) => v.region)]);
    const name = REGIONS.find((r) => !taken.has(r));
    if (!name) throw new Error('every region in the palette is in the document already; edit a region name instead');
    add(doc, 'regions', { name });
    return `region:${name}`;
  } },
  { label: 'VPC', add: async (doc, selection, ctx) => {
    const region = selectedRegion(doc, selection);
    const cidr = (await ctx.suggestCidr(doc, { prefixLen: 16 })).blocks[0];
    if (!cidr) throw new Error('10.0.0.0/8 has no free /16 left');
    const id = freshId(doc, 'vpc-');
    add(doc, 'vpcs', { id, name: id.replace(/^vpc-/, ''), region, cidrs: [cidr] });
    add(doc, 'routeTables', { id: freshId(doc, 'rtb-'), vpc: id, main: true, routes: [{ destination: cidr, target: 'local', origin: 'CreateRouteTable' }] });
    return id;
  } },
  { label: 'Subnet', add: (doc, selection) => {
    const vpc = selectedVpc(doc, selection);
    if (!vpc) throw needVpc('a subnet');
    const siblings = (doc.subnets ?? []).filter((/** @type {Resource} */ s) => s.vpc === vpc.id);
    const cidr = freeBlock(vpc.cidrs ?? [], siblings.map((/** @type {Resource} */ s) => s.cidr).filter(Boolean), 24);
    if (!cidr) throw new Error(`${vpc.id} has no free /24 left`);
    const az = `${vpc.region}${siblings.length % 2 === 0 ? 'a' : 'b'}`;
    const id = freshId(doc, 'subnet-');
    add(doc, 'subnets', { id, vpc: vpc.id, az, cidr });
    return id;
  } },
  { label: 'Route table', add: (doc, selection) => {
    const vpc = selectedVpc(doc, selection);
    if (!vpc) throw needVpc('a route table');
    const id = freshId(doc, 'rtb-');
    add(doc, 'routeTables', { id, vpc: vpc.id, routes: (vpc.cidrs ?? []).map((/** @type {string} */ c) => ({ destination: c, target: 'local', origin: 'CreateRouteTable' })) });
    return id;
  } },
  { label: 'Internet gateway', add: (doc, selection) => {
    const vpc = selectedVpc(doc, selection);
    if (!vpc) throw needVpc('an internet gateway');
    if ((doc.internetGateways ?? []).some((/** @type {Resource} */ g) => g.vpc === vpc.id)) throw new Error(`${vpc.id} has an internet gateway already (one per VPC)`);
    const id = freshId(doc, 'igw-');
    add(doc, 'internetGateways', { id, vpc: vpc.id });
    return id;
  } },
  { label: 'NAT gateway', add: (doc, selection) => {
    const subnet = selectedSubnet(doc, selection);
    if (!subnet) throw new Error('select the (public) subnet the NAT gateway goes in');
    const id = freshId(doc, 'nat-');
    add(doc, 'natGateways', { id, vpc: subnet.vpc, subnet: subnet.id });
    return id;
  } },
  { label: 'Peering', add: (doc, selection) => {
    const vpcs = selection.map((id) => find(doc, id)?.res).filter((res) => res !== undefined && find(doc, res.id)?.key === 'vpcs');
    if (vpcs.length !== 2 || !vpcs[0] || !vpcs[1]) throw new Error('select two VPCs (shift-click), or use Connect');
    return peer(doc, vpcs[0], vpcs[1], true);
  } },
  { label: 'Virtual private gateway', add: (doc, selection) => {
    const vpc = selectedVpc(doc, selection);
    if (!vpc) throw needVpc('a virtual private gateway');
    if ((doc.vpnGateways ?? []).some((/** @type {Resource} */ g) => (g.attachments ?? []).some((/** @type {Resource} */ a) => a.vpc === vpc.id))) throw new Error(`${vpc.id} has a virtual private gateway already`);
    return vgwOf(doc, vpc).id;
  } },
  { label: 'Customer gateway', add: (doc, selection) => {
    const id = freshId(doc, 'cgw-');
    add(doc, 'customerGateways', { id, region: selectedRegion(doc, selection), bgpAsn: 65000, ipAddress: freeCgwAddress(doc) });
    return id;
  } },
  { label: 'VPN connection', add: (doc, selection) => {
    const vpc = selectedVpc(doc, selection);
    if (!vpc) throw needVpc('a VPN connection');
    const vgw = vgwOf(doc, vpc);
    const cgw = add(doc, 'customerGateways', { id: freshId(doc, 'cgw-'), region: vpc.region, bgpAsn: 65000, ipAddress: freeCgwAddress(doc) });
    const id = freshId(doc, 'vpn-');
    add(doc, 'vpnConnections', { id, region: vpc.region, customerGateway: cgw.id, vpnGateway: vgw.id });
    return id;
  } },
  { label: 'Direct Connect connection', add: (doc, selection) => {
    const id = freshId(doc, 'dxcon-');
    add(doc, 'dxConnections', { id, region: selectedRegion(doc, selection), location: 'EqDC2', bandwidth: '1Gbps' });
    return id;
  } },
  { label: 'Direct Connect gateway', add: (doc) => {
    const id = freshId(doc, 'dxgw-');
    add(doc, 'dxGateways', { id, amazonSideAsn: 64512 });
    return id;
  } },
  { label: 'Virtual interface', add: (doc, selection) => {
    const region = selectedRegion(doc, selection);
    const connection = doc.dxConnections?.[0] ?? add(doc, 'dxConnections', { id: freshId(doc, 'dxcon-'), region, location: 'EqDC2', bandwidth: '1Gbps' });
    const gateway = doc.dxGateways?.[0] ?? add(doc, 'dxGateways', { id: freshId(doc, 'dxgw-'), amazonSideAsn: 64512 });
    const vlans = new Set((doc.virtualInterfaces ?? []).map((/** @type {Resource} */ v) => v.vlan));
    let vlan = 100;
    while (vlans.has(vlan)) vlan++;
    const id = freshId(doc, 'dxvif-');
    add(doc, 'virtualInterfaces', { id, type: 'private', connection: connection.id, region: connection.region ?? region, vlan, asn: 65000, dxGateway: gateway.id });
    return id;
  } },
  { label: 'DX gateway association', add: (doc, selection) => {
    const vpc = selectedVpc(doc, selection);
    if (!vpc) throw needVpc('a Direct Connect gateway association');
    const gateway = doc.dxGateways?.[0] ?? add(doc, 'dxGateways', { id: freshId(doc, 'dxgw-'), amazonSideAsn: 64512 });
    const vgw = vgwOf(doc, vpc);
    const id = freshId(doc, 'dxgwassoc-');
    add(doc, 'dxGatewayAssociations', { id, dxGateway: gateway.id, gateway: vgw.id, region: vpc.region, allowedPrefixes: vpc.cidrs ?? [] });
    return id;
  } },
  { label: 'Gateway endpoint (S3)', add: (doc, selection) => {
    const vpc = selectedVpc(doc, selection);
    if (!vpc) throw needVpc('a gateway endpoint');
    const tables = (doc.routeTables ?? []).filter((/** @type {Resource} */ t) => t.vpc === vpc.id).map((/** @type {Resource} */ t) => t.id);
    const id = freshId(doc, 'vpce-');
    add(doc, 'vpcEndpoints', { id, vpc: vpc.id, type: 'gateway', service: `com.amazonaws.${vpc.region}.s3`, routeTables: tables });
    return id;
  } },
  { label: 'Security group rule', add: (doc, selection) => {
    const vpc = selectedVpc(doc, selection);
    if (!vpc) throw needVpc('a security group rule');
    const selectedGroup = selection.map((id) => find(doc, id)).find((f) => f?.key === 'securityGroups')?.res;
    const group = selectedGroup ?? (doc.securityGroups ?? []).find((/** @type {Resource} */ g) => g.vpc === vpc.id)
      ?? add(doc, 'securityGroups', { id: freshId(doc, 'sg-'), name: 'web', vpc: vpc.id, egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'] }] });
    (group.ingress ??= []).push({ protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: [vpc.cidrs?.[0] ?? '10.0.0.0/8'] });
    return group.id;
  } },
  { label: 'On-premises network', add: async (doc, _selection, ctx) => {
    const cidr = (await ctx.suggestCidr(doc, { prefixLen: 16, within: '172.16.0.0/12' })).blocks[0];
    if (!cidr) throw new Error('172.16.0.0/12 has no free /16 left');
    const id = freshId(doc, 'onprem-');
    add(doc, 'onPremNetworks', { id, name: 'data centre', cidrs: [cidr] });
    return id;
  } },
];

/**
 * Peer two VPCs; with `routes`, every route table of each side gets a route to the other side's
 * blocks. Returns the peering's id.
 * @param {Doc} doc @param {Resource} a @param {Resource} b @param {boolean | {from: string, to: string}[]} routes
 */
export function peer(doc, a, b, routes) {
  const id = freshId(doc, 'pcx-');
  add(doc, 'vpcPeeringConnections', { id, requester: { vpc: a.id, region: a.region }, accepter: { vpc: b.id, region: b.region } });
  for (const route of routes === true ? peeringRoutes(doc, a, b) : routes || []) {
    const table = find(doc, route.from)?.res;
    if (table) (table.routes ??= []).push({ destination: route.to, target: id });
  }
  return id;
}

/** The routes a peering between `a` and `b` needs: each table of each side to each block of the other. @param {Doc} doc @param {Resource} a @param {Resource} b */
export function peeringRoutes(doc, a, b) {
  /** @type {{from: string, to: string}[]} */
  const routes = [];
  for (const [here, there] of [[a, b], [b, a]]) {
    for (const table of (doc.routeTables ?? []).filter((/** @type {Resource} */ t) => t.vpc === here.id)) {
      for (const cidr of there.cidrs ?? []) routes.push({ from: table.id, to: cidr });
    }
  }
  return routes;
}

/**
 * A Site-to-Site VPN from `vpc` to an on-premises network: the VPC's virtual private gateway
 * (added if missing), a customer gateway at the site, the connection with static routes to the
 * site's blocks, and (when `routes`) the VPC's route tables sending those blocks to the gateway.
 * @param {Doc} doc @param {Resource} vpc @param {Resource} site @param {{from: string, to: string}[]} routes
 */
export function vpn(doc, vpc, site, routes) {
  const vgw = vgwOf(doc, vpc);
  const cgw = add(doc, 'customerGateways', { id: freshId(doc, 'cgw-'), region: vpc.region, bgpAsn: 65000, ipAddress: freeCgwAddress(doc) });
  (site.customerGateways ??= []).push(cgw.id);
  const id = freshId(doc, 'vpn-');
  add(doc, 'vpnConnections', { id, region: vpc.region, customerGateway: cgw.id, vpnGateway: vgw.id, staticRoutesOnly: true, routes: (site.cidrs ?? []).map((/** @type {string} */ cidr) => ({ cidr })) });
  for (const route of routes) {
    const table = find(doc, route.from)?.res;
    if (table) (table.routes ??= []).push({ destination: route.to, target: vgw.id });
  }
  return id;
}

/**
 * Draw the palette buttons into `host`.
 * @param {HTMLElement} host @param {PaletteContext} ctx
 */
export function renderPalette(host, ctx) {
  host.replaceChildren(...ITEMS.map((item) => h('button', {
    type: 'button',
    className: 'vm-button vm-palette-item',
    dataset: { add: item.label },
    on: { click: () => {
      let added = '';
      ctx.history.edit(`Add ${item.label.toLowerCase()}`, async (doc) => {
        added = await item.add(doc, ctx.selection(), ctx);
      }).then(() => {
        ctx.select([added]);
        ctx.status(`Added ${added}`);
      }, (err) => ctx.failed(`Could not add a ${item.label.toLowerCase()}`, err));
    } },
  }, `+ ${item.label}`)));
}

/**
 * The connect dialog for `fromId` → `toId` (diagram ids): the routes on offer as checkboxes and a
 * Create button; null when the pair cannot be connected (then `why` says so).
 * @param {string} fromId @param {string} toId @param {PaletteContext} ctx
 * @returns {{dialog: HTMLElement | null, why: string}}
 */
export function connectDialog(fromId, toId, ctx) {
  const doc = ctx.history.doc;
  if (!doc) return { dialog: null, why: '' };
  const from = find(doc, fromId);
  const to = find(doc, toId);
  if (from?.key === 'onPremNetworks' && to?.key === 'vpcs') return connectDialog(toId, fromId, ctx);
  if (from?.key !== 'vpcs' || !to || (to.key !== 'vpcs' && to.key !== 'onPremNetworks') || fromId === toId) {
    return { dialog: null, why: 'Connect joins a VPC to another VPC (a peering) or to an on-premises network (a VPN).' };
  }
  const isPeering = to.key === 'vpcs';
  /** @type {{from: string, to: string}[]} */
  const routes = isPeering
    ? peeringRoutes(doc, from.res, to.res)
    : (doc.routeTables ?? []).filter((/** @type {Resource} */ t) => t.vpc === fromId).flatMap((/** @type {Resource} */ t) => (to.res.cidrs ?? []).map((/** @type {string} */ c) => ({ from: t.id, to: c })));
  const boxes = routes.map((route) => ({ route, box: h('input', { type: 'checkbox', checked: true }) }));
  const dialog = h('div', { className: 'vm-connect', attrs: { role: 'group', 'aria-label': 'Connect' } },
    h('h3', { className: 'vm-panel-title' }, isPeering ? `Peer ${fromId} ↔ ${toId}` : `VPN ${fromId} → ${toId}`),
    h('p', {}, routes.length ? 'Add these routes too:' : 'No route tables to add routes to.'),
    h('ul', { className: 'vm-plain-list' }, ...boxes.map(({ route, box }) => h('li', {}, h('label', {}, box, ` ${route.from}: ${route.to} → ${isPeering ? 'the peering' : 'the gateway'}`)))),
    h('button', { type: 'button', className: 'vm-button vm-primary', dataset: { action: 'create-connection' }, on: { click: () => {
      const chosen = boxes.filter((b) => b.box.checked).map((b) => b.route);
      let made = '';
      ctx.history.edit(isPeering ? `Peer ${fromId} and ${toId}` : `VPN from ${fromId} to ${toId}`, (next) => {
        const a = find(next, fromId)?.res;
        const b = find(next, toId)?.res;
        if (!a || !b) throw new Error('the resources to connect are gone');
        made = isPeering ? peer(next, a, b, chosen) : vpn(next, a, b, chosen);
      }).then(() => { ctx.select([made]); ctx.status(`Created ${made}`); }, (err) => ctx.failed('Could not connect', err));
    } } }, isPeering ? 'Create peering' : 'Create VPN'),
  );
  return { dialog, why: '' };
}
