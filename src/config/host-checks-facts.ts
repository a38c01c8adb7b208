/**
 * What the host offers, gathered once for `kite config new` (the template's values) and `kite config
 * check` (the checks in host-checks.ts, which are pure over these facts so tests feed fixed ones).
 */
import { constants } from 'node:fs';
import { access, readFile, statfs } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { formatCidr, intToIp } from '../api/net/ipv4.js';

export interface HostRoute { dest: string; iface: string }

export interface HostFacts {
  hostname: string;
  isRoot: boolean;
  cpus: number;
  memoryMB: number;
  /** IPv4 addresses of non-loopback interfaces. */
  addresses: string[];
  /** The default route's interface address and its subnet, when there is a default route. */
  primary?: { iface: string; address: string; subnet: string };
  /** Non-default IPv4 routes (/proc/net/route), as CIDRs. */
  routes: HostRoute[];
  /** Debian packages (by the file each installs) that are missing. */
  missingPackages: string[];
  /** Kernel features that are missing (cgroups, overlayfs, bridge netfilter). */
  missingKernel: string[];
  freeDiskGB(dir: string): Promise<number>;
  portFree(address: string, port: number): Promise<boolean>;
}

/** A file each needed package installs (runtime-on-debian.md §1, §4). */
export const PACKAGE_FILES: Array<[pkg: string, files: string[]]> = [
  ['containerd', ['/usr/bin/containerd', '/usr/bin/containerd-shim-runc-v2', '/usr/bin/ctr']],
  ['runc', ['/usr/sbin/runc', '/usr/bin/runc']],
  ['containernetworking-plugins', ['/usr/lib/cni/bridge']],
  ['busybox-static', ['/bin/busybox']],
  ['iptables', ['/usr/sbin/iptables']],
  ['iproute2', ['/usr/bin/ip', '/sbin/ip', '/bin/ip']],
];

const exists = (f: string) => access(f, constants.F_OK).then(() => true, () => false);

const hexIp = (h: string) => intToIp(Number.parseInt(h.match(/../g)!.reverse().join(''), 16));
const maskBits = (m: string) => Number.parseInt(m, 16).toString(2).replace(/0/g, '').length;

/** Non-default routes of /proc/net/route (little-endian hex) as CIDRs. */
export function parseRouteTable(text: string): HostRoute[] {
  const out: HostRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [iface, dest, , , , , , mask] = line.trim().split(/\s+/);
    if (!iface || !dest || !mask || dest === '00000000') continue;
    out.push({ dest: `${hexIp(dest)}/${maskBits(mask)}`, iface });
  }
  return out;
}

function defaultIface(text: string): string | undefined {
  for (const line of text.split('\n').slice(1)) {
    const [iface, dest, , flags, , , , mask] = line.trim().split(/\s+/);
    if (iface && dest === '00000000' && mask === '00000000' && Number.parseInt(flags ?? '0', 16) & 1) return iface;
  }
  return undefined;
}

async function portFree(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, address, () => s.close(() => resolve(true)));
  });
}

async function freeDiskGB(dir: string): Promise<number> {
  // The data dir may not exist yet: measure the nearest existing ancestor (the same filesystem).
  let d = path.resolve(dir);
  while (!(await exists(d)) && d !== '/') d = path.dirname(d);
  const s = await statfs(d);
  return Math.floor((s.bavail * s.bsize) / 2 ** 30);
}

export async function gatherHostFacts(): Promise<HostFacts> {
  const routeText = await readFile('/proc/net/route', 'utf8').catch(() => '');
  const ifaces = os.networkInterfaces();
  const addresses = Object.values(ifaces).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address);
  const iface = defaultIface(routeText);
  const primaryAddr = iface ? ifaces[iface]?.find((a) => a.family === 'IPv4' && !a.internal) : undefined;
  let primary: HostFacts['primary'];
  if (iface && primaryAddr?.cidr) {
    const [ip, prefix] = primaryAddr.cidr.split('/') as [string, string];
    const size = 2 ** (32 - Number(prefix));
    const base = ip.split('.').reduce((a, p) => a * 256 + Number(p), 0);
    primary = { iface, address: ip, subnet: formatCidr({ base: base - (base % size), prefix: Number(prefix), size }) };
  }
  const missingPackages: string[] = [];
  for (const [pkg, files] of PACKAGE_FILES) {
    let found = false;
    for (const f of files) if (await exists(f)) { found = true; break; }
    if (!found) missingPackages.push(pkg);
  }
  const filesystems = await readFile('/proc/filesystems', 'utf8').catch(() => '');
  const missingKernel: string[] = [];
  if (!(await exists('/sys/fs/cgroup/memory/memory.limit_in_bytes')) && !(await exists('/sys/fs/cgroup/cgroup.controllers'))) missingKernel.push('cgroups (memory)');
  if (!/\toverlay\n/.test(filesystems)) missingKernel.push('overlayfs');
  if (!(await exists('/proc/sys/net/bridge/bridge-nf-call-iptables'))) missingKernel.push('br_netfilter');
  return {
    hostname: os.hostname(),
    isRoot: process.getuid?.() === 0,
    cpus: os.cpus().length,
    memoryMB: Math.floor(os.totalmem() / 2 ** 20),
    addresses,
    ...(primary ? { primary } : {}),
    routes: parseRouteTable(routeText),
    missingPackages,
    missingKernel,
    freeDiskGB,
    portFree,
  };
}
