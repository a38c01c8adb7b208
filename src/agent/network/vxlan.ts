/**
 * The VXLAN overlay for peers that are not on a directly connected subnet (flannel's vxlan backend,
 * re-done with iproute2): one device per machine (`kite.vxlan`, VNI 1, UDP 8472, bound to the
 * node's InternalIP, no learning) whose address is this node's VTEP — the network address of its
 * podCIDR, as /32. For each peer the applier keeps a permanent neighbour entry (peer VTEP → peer
 * device MAC) and an fdb entry (MAC → peer InternalIP). Entries on the device are all Kite's, so
 * stale ones are simply deleted. MTU 1450 leaves room for the 50-byte VXLAN header on a 1500 link;
 * bigger packets from pods are answered with "fragmentation needed" by the host.
 */
import { intToIp, parseCidr } from '../../api/net/ipv4.js';
import { run } from './exec.js';
import { VXLAN } from './routes.js';

const MTU = '1450';

export interface VxlanOptions { device?: string; netns?: string }
export interface VxlanPeer { vtep: string; mac: string; peerIP: string }

const ip = (o: VxlanOptions, args: string[]) => run('ip', [...(o.netns ? ['-n', o.netns] : []), ...args]);
const bridge = (o: VxlanOptions, args: string[]) => run('bridge', [...(o.netns ? ['-n', o.netns] : []), ...args]);

/** A node's VTEP address: the network address of its podCIDR (flannel's convention). */
export const vtepAddress = (podCidr: string) => intToIp(parseCidr(podCidr).base);

interface LinkDetails { ifname: string; address: string; linkinfo?: { info_kind?: string; info_data?: { id?: number; port?: number; local?: string } } }

async function details(device: string, o: VxlanOptions): Promise<LinkDetails | undefined> {
  try { return (JSON.parse(await ip(o, ['-j', '-d', 'link', 'show', 'dev', device])) as LinkDetails[])[0]; } catch { return undefined; }
}

/** Creates the device (or re-creates one with other parameters), addresses it and brings it up; resolves with its MAC. */
export async function ensureVxlanDevice(x: { localIP: string; podCidr: string } & VxlanOptions): Promise<string> {
  const device = x.device ?? VXLAN.device;
  let d = await details(device, x);
  const info = d?.linkinfo?.info_data;
  if (d && (d.linkinfo?.info_kind !== 'vxlan' || info?.id !== VXLAN.vni || info?.port !== VXLAN.port || info?.local !== x.localIP)) {
    await ip(x, ['link', 'del', device]);
    d = undefined;
  }
  if (!d) {
    await ip(x, ['link', 'add', device, 'type', 'vxlan', 'id', String(VXLAN.vni), 'dstport', String(VXLAN.port), 'local', x.localIP, 'nolearning']);
  }
  await ip(x, ['link', 'set', device, 'mtu', MTU]);
  await ip(x, ['addr', 'replace', `${vtepAddress(x.podCidr)}/32`, 'dev', device]);
  await ip(x, ['link', 'set', device, 'up']);
  return (await details(device, x))!.address;
}

export async function removeVxlanDevice(o: VxlanOptions = {}): Promise<void> {
  await ip(o, ['link', 'del', o.device ?? VXLAN.device]).catch(() => undefined); // not there
}

/** Makes the device's neighbour and fdb entries exactly the peers given. */
export async function syncVxlanPeers(peers: VxlanPeer[], o: VxlanOptions): Promise<void> {
  const device = o.device ?? VXLAN.device;
  for (const p of peers) {
    await ip(o, ['neigh', 'replace', p.vtep, 'lladdr', p.mac, 'dev', device, 'nud', 'permanent']);
    await bridge(o, ['fdb', 'replace', p.mac, 'dev', device, 'dst', p.peerIP, 'self', 'permanent']);
  }
  const neigh = JSON.parse((await ip(o, ['-j', '-4', 'neigh', 'show', 'dev', device])) || '[]') as Array<{ dst: string; lladdr?: string }>;
  for (const n of neigh) {
    if (!peers.some((p) => p.vtep === n.dst && p.mac === n.lladdr)) await ip(o, ['neigh', 'del', n.dst, 'dev', device]).catch(() => undefined);
  }
  const fdb = JSON.parse((await bridge(o, ['-j', 'fdb', 'show', 'dev', device])) || '[]') as Array<{ mac: string; dst?: string }>;
  for (const f of fdb) {
    if (!f.dst) continue; // the device's own entries
    if (!peers.some((p) => p.mac === f.mac && p.peerIP === f.dst)) await bridge(o, ['fdb', 'del', f.mac, 'dev', device, 'dst', f.dst, 'self']).catch(() => undefined);
  }
}
