/**
 * `kite config check` / `kite deploy` host checks (like Test-AksEdgeNetworkParameters): packages and
 * kernel features present, ports free, CIDRs clear of the host's routes, allocation within what the
 * host has, LB range inside the node subnet. Pure over HostFacts. A failing check tied to a config
 * field names it (`field`), and the CLI treats it as a bad config (exit 2); the others are host state.
 */
import { cidrContains, cidrsOverlap, ipToInt, parseCidr } from '../api/net/ipv4.js';
import { localMachine, type ClusterConfig } from './cluster-config.js';
import type { HostFacts } from './host-checks-facts.js';

export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
  hint?: string;
  /** The config field a failure is about (absent for host-state failures). */
  field?: string;
}

export interface HostCheckOptions {
  /** Our own service already runs: its ports are busy by design. */
  skipPorts?: boolean;
}

const pass = (check: string, detail: string): CheckResult => ({ check, ok: true, detail });
const fail = (check: string, detail: string, hint: string, field?: string): CheckResult => ({ check, ok: false, detail, hint, ...(field ? { field } : {}) });

export async function runHostChecks(cfg: ClusterConfig, facts: HostFacts, o: HostCheckOptions = {}): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  out.push(facts.isRoot ? pass('root', 'running as root') : fail('root', 'not running as root', 'run kite deploy as root (it manages containerd, cgroups and iptables)'));
  out.push(facts.missingPackages.length === 0
    ? pass('packages', 'containerd, runc, CNI plugins, busybox-static, iptables, iproute2 present')
    : fail('packages', `missing: ${facts.missingPackages.join(', ')}`, `apt-get install -y ${facts.missingPackages.join(' ')} (or kite deploy --install-deps)`));
  out.push(facts.missingKernel.length === 0
    ? pass('kernel', 'cgroups, overlayfs, bridge netfilter available')
    : fail('kernel', `missing: ${facts.missingKernel.join(', ')}`, 'use a kernel with these built in or loaded (modprobe overlay br_netfilter)'));

  const idx = cfg.machines.findIndex((m) => m === localMachine(cfg, facts));
  const m = cfg.machines[idx];
  if (!m) {
    out.push(fail('machine', `no machine matches this host (${facts.hostname}, ${facts.addresses.join(', ')})`, 'name a machine after this host\'s hostname or address', 'machines'));
  } else {
    const at = `machines[${idx}]`;
    out.push(m.cpuCount <= facts.cpus
      ? pass('cpu allocation', `${m.cpuCount} of ${facts.cpus} CPUs`)
      : fail('cpu allocation', `${at}.cpuCount: ${m.cpuCount} exceeds this host's ${facts.cpus} CPUs`, `set ${at}.cpuCount to at most ${facts.cpus}`, `${at}.cpuCount`));
    out.push(m.memoryMB <= facts.memoryMB
      ? pass('memory allocation', `${m.memoryMB} of ${facts.memoryMB} MiB`)
      : fail('memory allocation', `${at}.memoryMB: ${m.memoryMB} exceeds this host's ${facts.memoryMB} MiB`, `set ${at}.memoryMB to at most ${facts.memoryMB}`, `${at}.memoryMB`));
    const free = await facts.freeDiskGB(cfg.dataDir);
    out.push(m.dataSizeGB <= free
      ? pass('disk allocation', `${m.dataSizeGB} GiB, ${free} GiB free at ${cfg.dataDir}`)
      : fail('disk allocation', `${at}.dataSizeGB: ${m.dataSizeGB} exceeds the ${free} GiB free at ${cfg.dataDir}`, `set ${at}.dataSizeGB to at most ${free} or free disk space`, `${at}.dataSizeGB`));
    const addr = m.address ?? cfg.network.nodeAddress;
    if (addr && !facts.addresses.includes(addr) && addr !== '127.0.0.1') {
      out.push(fail('node address', `${addr} is not an address of this host (${facts.addresses.join(', ') || 'none'})`, 'use one of this host\'s addresses', m.address ? `${at}.address` : 'network.nodeAddress'));
    }
  }

  // CIDRs must not collide with networks the host already routes (our own kite* links excepted).
  const foreign = facts.routes.filter((r) => !r.iface.startsWith('kite') && !r.iface.startsWith('cni'));
  for (const field of ['clusterCidr', 'serviceCidr'] as const) {
    const hit = foreign.find((r) => cidrsOverlap(parseCidr(r.dest), parseCidr(cfg[field])));
    out.push(hit
      ? fail(`${field} routes`, `${field}: ${cfg[field]} overlaps the host route ${hit.dest} on ${hit.iface}`, `pick a ${field} that no host network uses`, field)
      : pass(`${field} routes`, `${cfg[field]} is clear of the host's routes`));
  }

  const lb = cfg.network.loadBalancerRange;
  const subnet = cfg.network.nodeSubnet ?? facts.primary?.subnet;
  if (lb && subnet) {
    const s = parseCidr(subnet);
    const first = ipToInt(lb.start);
    const inside = cidrContains(s, first) && first + lb.size <= s.base + s.size;
    out.push(inside
      ? pass('load balancer range', `${lb.start} (+${lb.size}) inside node subnet ${subnet}`)
      : fail('load balancer range', `network.loadBalancerRange: ${lb.start} (+${lb.size}) is outside the node subnet ${subnet}`, `pick free addresses inside ${subnet}`, 'network.loadBalancerRange'));
  }

  if (!o.skipPorts) {
    const bind = cfg.network.bindAddress;
    for (const [field, port] of [['network.apiServerPort', cfg.network.apiServerPort], ['network.kubeletPort', cfg.network.kubeletPort]] as const) {
      out.push(await facts.portFree(bind, port)
        ? pass(`port ${port}`, `${bind}:${port} is free`)
        : fail(`port ${port}`, `${field}: ${bind}:${port} is in use`, `stop what listens there (ss -ltnp 'sport = :${port}') or set ${field}`, field));
    }
  }
  return out;
}

/** A plain PASS/FAIL table with a fix hint under each failure. */
export function renderCheckTable(results: CheckResult[]): string {
  const w = Math.max(...results.map((r) => r.check.length));
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.ok ? 'PASS' : 'FAIL'}  ${r.check.padEnd(w)}  ${r.detail}`);
    if (!r.ok && r.hint) lines.push(`      ${' '.repeat(w)}  fix: ${r.hint}`);
  }
  return lines.join('\n');
}
