/**
 * A pod's resolver settings from its `dnsPolicy` and `dnsConfig` (upstream kubelet `dns.GetPodDNS`):
 * - ClusterFirst (the default): the cluster DNS server, search `<ns>.svc.<domain> svc.<domain>
 *   <domain>` + the host's searches, `options ndots:5`; a hostNetwork pod falls back to the host's
 *   resolv.conf, as does any pod while no cluster DNS is configured;
 * - ClusterFirstWithHostNet: cluster DNS also for hostNetwork pods;
 * - Default: the host's resolv.conf; None: nothing but `dnsConfig`;
 * - `dnsConfig` is appended (duplicates dropped; options merged by name, the pod's value wins);
 * - the result is cut to what resolvers honour: 3 nameservers, 32 search domains.
 */
import type { Pod } from '../../api/registry/core-types.js';

export interface DnsConfig { servers: string[]; searches: string[]; options: string[] }

/** The cluster's DNS (from the agent options); no servers = cluster DNS is off. */
export interface ClusterDns { servers: string[]; domain: string }

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const NDOTS = ['ndots:5'];

type PodDnsSpec = { nameservers?: string[]; searches?: string[]; options?: Array<{ name: string; value?: string }> };

const uniq = (a: string[]) => [...new Set(a)];

function dnsType(pod: Pod, cluster: ClusterDns | undefined): 'cluster' | 'host' | 'none' {
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'None') return 'none';
  const wantsCluster = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec.hostNetwork);
  return wantsCluster && cluster?.servers.length ? 'cluster' : 'host';
}

/** Options as `name[:value]`; a later entry with the same name replaces the earlier one in place. */
function mergeOptions(base: string[], extra: Array<{ name: string; value?: string }>): string[] {
  const out = new Map<string, string | undefined>();
  for (const o of base) {
    const i = o.indexOf(':');
    out.set(i < 0 ? o : o.slice(0, i), i < 0 ? undefined : o.slice(i + 1));
  }
  for (const o of extra) out.set(o.name, o.value);
  return [...out].map(([k, v]) => (v === undefined ? k : `${k}:${v}`));
}

export function podDnsConfig(pod: Pod, host: DnsConfig, cluster?: ClusterDns): DnsConfig {
  const t = dnsType(pod, cluster);
  let base: DnsConfig;
  if (t === 'none') base = { servers: [], searches: [], options: [] };
  else if (t === 'host') base = host;
  else {
    const ns = pod.metadata.namespace ?? 'default';
    const d = cluster!.domain;
    base = { servers: cluster!.servers, searches: uniq([`${ns}.svc.${d}`, `svc.${d}`, d, ...host.searches]), options: NDOTS };
  }
  const spec = (pod.spec.dnsConfig ?? {}) as PodDnsSpec;
  return {
    servers: uniq([...base.servers, ...(spec.nameservers ?? [])]).slice(0, MAX_NAMESERVERS),
    searches: uniq([...base.searches, ...(spec.searches ?? [])]).slice(0, MAX_SEARCHES),
    options: mergeOptions(base.options, spec.options ?? []),
  };
}
