/**
 * The cluster's network settings (flags of `kite server`/`kite agent`, later the ClusterConfig's `network`)
 * → one validated NetworkConfig. Pure; every error names the flag.
 */
import { isIPv4 } from 'node:net';
import { cidrContains, cidrsOverlap, formatCidr, ipToInt, nthAddress, parseCidr, type Cidr } from '../api/net/ipv4.js';
import { ConfigError } from './errors.js';

/** Parts of the network stack a machine can leave out (like K3s' `--disable`). */
export const DISABLEABLE = ['service-proxy', 'dns', 'servicelb'] as const;
export type Disableable = (typeof DISABLEABLE)[number];

export interface NetworkFlags {
  clusterCidr?: string;
  serviceCidr?: string;
  clusterDns?: string;
  clusterDomain?: string;
  serviceNodePortRange?: string;
  lbRangeStart?: string;
  lbRangeSize?: string | number;
  nodeIp?: string;
  dnsUpstream?: string[];
  disable?: string[];
}

export interface NetworkConfig {
  /** Pod addresses; each node gets a /nodeCidrMaskSize block of it as `spec.podCIDR`. */
  clusterCidr: string;
  nodeCidrMaskSize: number;
  /** ClusterIPs are allocated from here; the first address is the `kubernetes` Service. */
  serviceCidr: string;
  /** The cluster DNS Service IP (pods' nameserver). */
  clusterDns: string;
  clusterDomain: string;
  nodePortRange: { min: number; max: number };
  /** LoadBalancer IPs; undefined = use the node's own address (like K3s servicelb). */
  loadBalancerRange?: { start: string; size: number };
  /** This machine's InternalIP; undefined = detect from the default route. */
  nodeIp?: string;
  /** Resolvers for names outside the cluster; empty = the host's /etc/resolv.conf. */
  dnsUpstream: string[];
  disabled: Disableable[];
}

function cidr(flag: string, text: string): Cidr {
  try { return parseCidr(text); } catch (e) { throw new ConfigError(flag, (e as Error).message); }
}

function ipv4(flag: string, text: string): string {
  if (!isIPv4(text)) throw new ConfigError(flag, `must be an IPv4 address, got "${text}"`);
  return text;
}

function portRange(text: string): { min: number; max: number } {
  const m = /^(\d+)-(\d+)$/.exec(text);
  const [min, max] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || min < 1 || max > 65535 || min > max) throw new ConfigError('--service-node-port-range', `must be "min-max" within 1-65535, got "${text}"`);
  return { min, max };
}

export function resolveNetworkConfig(f: NetworkFlags): NetworkConfig {
  const clusterCidr = cidr('--cluster-cidr', f.clusterCidr ?? '10.42.0.0/16');
  const serviceCidr = cidr('--service-cidr', f.serviceCidr ?? '10.43.0.0/16');
  if (clusterCidr.prefix > 24) throw new ConfigError('--cluster-cidr', `must be /24 or larger (one /24 per node), got /${clusterCidr.prefix}`);
  if (serviceCidr.prefix > 28 || serviceCidr.prefix < 12) throw new ConfigError('--service-cidr', `prefix must be /12 to /28, got /${serviceCidr.prefix}`);
  if (cidrsOverlap(clusterCidr, serviceCidr)) {
    throw new ConfigError('--service-cidr', `${formatCidr(serviceCidr)} overlaps --cluster-cidr ${formatCidr(clusterCidr)}`);
  }
  const clusterDns = ipv4('--cluster-dns', f.clusterDns ?? nthAddress(serviceCidr, 10));
  if (!cidrContains(serviceCidr, clusterDns)) throw new ConfigError('--cluster-dns', `${clusterDns} is outside --service-cidr ${formatCidr(serviceCidr)}`);
  const clusterDomain = f.clusterDomain ?? 'cluster.local';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(clusterDomain)) {
    throw new ConfigError('--cluster-domain', `"${clusterDomain}" is not a valid DNS domain`);
  }
  let loadBalancerRange: NetworkConfig['loadBalancerRange'];
  if (f.lbRangeStart !== undefined || f.lbRangeSize !== undefined) {
    if (f.lbRangeStart === undefined || f.lbRangeSize === undefined) throw new ConfigError('--lb-range-start', 'and --lb-range-size go together');
    const start = ipv4('--lb-range-start', f.lbRangeStart);
    const size = Number(f.lbRangeSize);
    if (!Number.isInteger(size) || size < 1 || size > 65536) throw new ConfigError('--lb-range-size', `must be an integer from 1 to 65536, got "${f.lbRangeSize}"`);
    if (ipToInt(start) + size - 1 > 0xffffffff) throw new ConfigError('--lb-range-size', `${start} + ${size} runs past 255.255.255.255`);
    for (const [flag, block] of [['--cluster-cidr', clusterCidr], ['--service-cidr', serviceCidr]] as const) {
      const range = { base: ipToInt(start), prefix: 32, size };
      if (cidrsOverlap(range, block)) throw new ConfigError('--lb-range-start', `range ${start} (+${size}) overlaps ${flag} ${formatCidr(block)}`);
    }
    loadBalancerRange = { start, size };
  }
  const disabled = (f.disable ?? []).map((d) => {
    if (!(DISABLEABLE as readonly string[]).includes(d)) throw new ConfigError('--disable', `must be one of ${DISABLEABLE.join(', ')}, got "${d}"`);
    return d as Disableable;
  });
  return {
    clusterCidr: formatCidr(clusterCidr),
    nodeCidrMaskSize: 24,
    serviceCidr: formatCidr(serviceCidr),
    clusterDns,
    clusterDomain,
    nodePortRange: portRange(f.serviceNodePortRange ?? '30000-32767'),
    ...(loadBalancerRange ? { loadBalancerRange } : {}),
    ...(f.nodeIp !== undefined ? { nodeIp: ipv4('--node-ip', f.nodeIp) } : {}),
    dnsUpstream: (f.dnsUpstream ?? []).map((s) => {
      // "ip" or "ip:port" (tests run their own upstream on a loopback port).
      const [host, port] = s.split(/:(?=\d+$)/);
      ipv4('--dns-upstream', host ?? '');
      if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) throw new ConfigError('--dns-upstream', `bad port in "${s}"`);
      return s;
    }),
    disabled,
  };
}
