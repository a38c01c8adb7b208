/**
 * Facts about this host that go on its Node: hostname, the InternalIP (the address of the
 * interface holding the default route, unless configured), kernel, OS image, machine and boot IDs,
 * architecture. Every source is injectable so tests feed fixed files.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';

export interface HostInfo {
  hostname: string;
  internalIP: string;
  kernelVersion: string;
  osImage: string;
  machineID: string;
  systemUUID: string;
  bootID: string;
  /** GOARCH spelling (amd64, arm64, …), as Kubernetes labels use. */
  architecture: string;
  operatingSystem: string;
}

export interface HostSources {
  readFile(path: string): Promise<string>;
  networkInterfaces(): NodeJS.Dict<os.NetworkInterfaceInfo[]>;
  release(): string;
  arch(): string;
  hostname(): string;
}

const realSources: HostSources = {
  readFile: (p) => readFile(p, 'utf8'),
  networkInterfaces: () => os.networkInterfaces(),
  release: () => os.release(),
  arch: () => os.arch(),
  hostname: () => os.hostname(),
};

const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

/** The interface of the default IPv4 route in /proc/net/route (lowest metric wins). */
export function defaultRouteInterface(routeTable: string): string | undefined {
  let best: { iface: string; metric: number } | undefined;
  for (const line of routeTable.split('\n').slice(1)) {
    const [iface, dest, , flags, , , metric, mask] = line.trim().split(/\s+/);
    if (!iface || dest !== '00000000' || mask !== '00000000' || !(Number.parseInt(flags ?? '0', 16) & 1)) continue;
    const m = Number(metric);
    if (!best || m < best.metric) best = { iface, metric: m };
  }
  return best?.iface;
}

/** The first IPv4 address of `iface`; else of any non-loopback interface; else 127.0.0.1. */
export function pickInternalIP(iface: string | undefined, ifaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string {
  const v4 = (list: os.NetworkInterfaceInfo[] | undefined) => list?.find((a) => a.family === 'IPv4' && !a.internal)?.address;
  const onRoute = iface ? v4(ifaces[iface]) : undefined;
  if (onRoute) return onRoute;
  for (const list of Object.values(ifaces)) { const a = v4(list); if (a) return a; }
  return '127.0.0.1';
}

/** PRETTY_NAME from os-release, unquoted. */
export function parseOsRelease(text: string): string | undefined {
  const m = /^PRETTY_NAME=(.*)$/m.exec(text);
  return m?.[1]?.trim().replace(/^(["'])(.*)\1$/, '$2');
}

export async function readHostInfo(o: { nodeIP?: string; sources?: Partial<HostSources> } = {}): Promise<HostInfo> {
  const s = { ...realSources, ...o.sources };
  const read = (p: string) => s.readFile(p).then((t) => t.trim(), () => '');
  const route = await read('/proc/net/route');
  return {
    hostname: s.hostname(),
    internalIP: o.nodeIP ?? pickInternalIP(defaultRouteInterface(route), s.networkInterfaces()),
    kernelVersion: s.release(),
    osImage: parseOsRelease(await read('/etc/os-release')) ?? 'Linux',
    machineID: await read('/etc/machine-id'),
    systemUUID: (await read('/sys/class/dmi/id/product_uuid')).toLowerCase(),
    bootID: await read('/proc/sys/kernel/random/boot_id'),
    architecture: GOARCH[s.arch()] ?? s.arch(),
    operatingSystem: 'linux',
  };
}
