/**
 * Service ports → the desired content of every proxy chain (nat and filter), as iptables-restore rule
 * lines. Pure and deterministic, so the sync can diff it against what it applied last time. The shape
 * follows kube-proxy's iptables mode:
 *
 *   nat PREROUTING/OUTPUT → KITE-SERVICES ─ clusterIP:port ──────────────→ KITE-SVC (all) | KITE-SVL (local)
 *                                         ├ LB/external IP:port ─→ (KITE-FW: source ranges) → KITE-EXT ─┘ (masquerade unless Local)
 *                                         └ any local address → KITE-NODEPORTS ─ nodePort → KITE-EXT
 *   KITE-SVC/SVL → KITE-SEP-<endpoint> (random, or sticky with -m recent) → DNAT
 *   nat POSTROUTING → KITE-POSTROUTING: MASQUERADE what KITE-MARK-MASQ marked
 *   filter INPUT/FORWARD/OUTPUT (new connections) → KITE-SERVICES: REJECT/DROP for ports without endpoints
 */
import type { ServicePortInfo } from './model.js';
import {
  extChain, FILTER_FORWARD, fwChain, FILTER_SERVICES, MASQ_MARK, NAT_MARK_MASQ, NAT_NODEPORTS, NAT_POSTROUTING, NAT_SERVICES,
  sepChain, svcChain, svlChain,
} from './chains.js';

export interface RuleOptions {
  /** Pod addresses: traffic from elsewhere to a ClusterIP is masqueraded so replies come back here. */
  clusterCidr: string;
  /** Addresses NodePorts answer on; undefined = every local address (`-m addrtype --dst-type LOCAL`). */
  nodeIps?: string[];
}

/** Chain name → its rule lines (`-A CHAIN …`), in order. Map order is the order chains are written. */
export interface DesiredRules { nat: Map<string, string[]>; filter: Map<string, string[]> }

const comment = (text: string) => `-m comment --comment "${text}"`;
const match = (p: ServicePortInfo, port: number) => `-p ${p.protocol} -m ${p.protocol} --dport ${port}`;

/** 1/n, 1/(n-1), … written with upstream's precision so equal inputs give byte-equal rules. */
const probability = (remaining: number) => (1 / remaining).toFixed(10);

function endpointChains(p: ServicePortInfo, nat: Map<string, string[]>, endpoints: ServicePortInfo['endpoints']): void {
  for (const e of endpoints) {
    const ep = `${e.ip}:${e.port}`;
    const sep = sepChain(p.name, p.protocol, ep);
    const recent = p.affinitySeconds !== undefined ? `-m recent --name ${sep} --set ` : '';
    nat.set(sep, [
      // hairpin: an endpoint reaching its own Service must see the reply come back through the host
      `-A ${sep} ${comment(p.name)} -s ${e.ip}/32 -j ${NAT_MARK_MASQ}`,
      `-A ${sep} ${comment(p.name)} ${recent}-p ${p.protocol} -m ${p.protocol} -j DNAT --to-destination ${ep}`,
    ]);
  }
}

/** A load-balancing chain over `endpoints` (KITE-SVC or KITE-SVL). */
function balanceChain(chain: string, p: ServicePortInfo, endpoints: ServicePortInfo['endpoints'], masqRule: string | undefined): string[] {
  const lines = masqRule ? [masqRule] : [];
  const seps = endpoints.map((e) => sepChain(p.name, p.protocol, `${e.ip}:${e.port}`));
  if (p.affinitySeconds !== undefined) {
    for (const sep of seps) lines.push(`-A ${chain} ${comment(p.name)} -m recent --name ${sep} --rcheck --seconds ${p.affinitySeconds} --reap -j ${sep}`);
  }
  seps.forEach((sep, i) => {
    const left = seps.length - i;
    lines.push(left > 1
      ? `-A ${chain} ${comment(p.name)} -m statistic --mode random --probability ${probability(left)} -j ${sep}`
      : `-A ${chain} ${comment(p.name)} -j ${sep}`);
  });
  return lines;
}

/** One service port's share of the rules: its own chains and its lines in the shared chains. */
export interface PortRules { nat: Map<string, string[]>; services: string[]; nodePorts: string[]; filterServices: string[] }

function portRules(p: ServicePortInfo, o: RuleOptions, nodeDst: string[]): PortRules {
  const nat = new Map<string, string[]>();
  const services: string[] = [];
  const nodePorts: string[] = [];
  const filterServices: string[] = [];
  const all = p.endpoints;
  const local = all.filter((e) => e.local);
  const internal = p.internalLocal ? local : all;
  const external = p.externalLocal ? local : all;
  const svc = svcChain(p.name, p.protocol);
  const svl = svlChain(p.name, p.protocol);
  const ext = extChain(p.name, p.protocol);
  const internalChain = p.internalLocal ? svl : svc;
  const hasExternalDst = !!p.nodePort || p.externalIPs.length > 0 || p.loadBalancerIPs.length > 0;
  // upstream: no endpoints at all → REJECT; endpoints only on other nodes under a Local policy → DROP
  const noEndpoints = (policyLocal: boolean) => (all.length === 0 || !policyLocal
    ? { target: 'REJECT', why: 'has no endpoints' } : { target: 'DROP', why: 'has no local endpoints' });

  // KITE-SVC serves Cluster policies and the Local short-circuit of KITE-EXT; KITE-SVL serves Local policies
  const usesCluster = (!p.internalLocal && all.length > 0) || (hasExternalDst && external.length > 0);
  const usesLocal = local.length > 0 && (p.internalLocal || (hasExternalDst && p.externalLocal));
  if (usesCluster || usesLocal) endpointChains(p, nat, usesCluster ? all : local);
  const masqClusterIP = p.clusterIP
    ? `-A ${internalChain} ${comment(`${p.name} cluster IP`)} ${match(p, p.port)} -d ${p.clusterIP}/32 ! -s ${o.clusterCidr} -j ${NAT_MARK_MASQ}`
    : undefined;
  if (usesCluster) nat.set(svc, balanceChain(svc, p, all, p.internalLocal ? undefined : masqClusterIP));
  if (usesLocal) nat.set(svl, balanceChain(svl, p, local, p.internalLocal ? masqClusterIP : undefined));

  if (p.clusterIP) {
    if (internal.length) services.push(`-A ${NAT_SERVICES} ${comment(`${p.name} cluster IP`)} ${match(p, p.port)} -d ${p.clusterIP}/32 -j ${internalChain}`);
    else {
      const n = noEndpoints(p.internalLocal);
      filterServices.push(`-A ${FILTER_SERVICES} ${comment(`${p.name} ${n.why}`)} ${match(p, p.port)} -d ${p.clusterIP}/32 -j ${n.target}`);
    }
  }
  if (!hasExternalDst) return { nat, services, nodePorts, filterServices };
  const extDsts = [...p.externalIPs.map((ip) => ['external IP', ip]), ...p.loadBalancerIPs.map((ip) => ['loadbalancer IP', ip])] as Array<[string, string]>;
  if (external.length) {
    nat.set(ext, p.externalLocal
      ? [
        // pods and the host itself reach a Local Service through any endpoint (upstream's short-circuit)
        `-A ${ext} ${comment(`pod traffic for ${p.name} external destinations`)} -s ${o.clusterCidr} -j ${svc}`,
        `-A ${ext} ${comment(`masquerade LOCAL traffic for ${p.name} external destinations`)} -m addrtype --src-type LOCAL -j ${NAT_MARK_MASQ}`,
        `-A ${ext} ${comment(`route LOCAL traffic for ${p.name} external destinations`)} -m addrtype --src-type LOCAL -j ${svc}`,
        // no SNAT: the endpoint sees the real client address
        `-A ${ext} ${comment(p.name)} -j ${svl}`,
      ]
      : [
        `-A ${ext} ${comment(`masquerade traffic for ${p.name} external destinations`)} -j ${NAT_MARK_MASQ}`,
        `-A ${ext} ${comment(p.name)} -j ${svc}`,
      ]);
    const fw = fwChain(p.name, p.protocol);
    for (const [what, ip] of extDsts) {
      const entry = what === 'loadbalancer IP' && p.sourceRanges.length ? fw : ext;
      services.push(`-A ${NAT_SERVICES} ${comment(`${p.name} ${what}`)} ${match(p, p.port)} -d ${ip}/32 -j ${entry}`);
    }
    if (p.sourceRanges.length) {
      // allowed sources (and the host itself) go on; the rest keep the LB IP as destination and are
      // DROPped by the filter rule below, which the DNATed packets no longer match
      nat.set(fw, [
        ...p.sourceRanges.map((r) => `-A ${fw} ${comment(`${p.name} loadbalancer IP`)} -s ${r} -j ${ext}`),
        `-A ${fw} ${comment(`${p.name} loadbalancer IP`)} -m addrtype --src-type LOCAL -j ${ext}`,
      ]);
      for (const ip of p.loadBalancerIPs) {
        filterServices.push(`-A ${FILTER_SERVICES} ${comment(`${p.name} traffic not accepted by loadBalancerSourceRanges`)} ${match(p, p.port)} -d ${ip}/32 -j DROP`);
      }
    }
    if (p.nodePort) nodePorts.push(`-A ${NAT_NODEPORTS} ${comment(p.name)} ${match(p, p.nodePort)} -j ${ext}`);
  } else {
    const n = noEndpoints(p.externalLocal);
    for (const [, ip] of extDsts) filterServices.push(`-A ${FILTER_SERVICES} ${comment(`${p.name} ${n.why}`)} ${match(p, p.port)} -d ${ip}/32 -j ${n.target}`);
    if (p.nodePort) {
      for (const dst of nodeDst) filterServices.push(`-A ${FILTER_SERVICES} ${comment(`${p.name} ${n.why}`)} ${dst} ${match(p, p.nodePort)} -j ${n.target}`);
    }
  }
  return { nat, services, nodePorts, filterServices };
}

/**
 * `cache` (optional, owned by one caller with fixed options) remembers each port's rules by its content,
 * so a sync of 1,000 Services only builds rules for the ones that changed; unused entries are dropped.
 */
export function buildRules(ports: ServicePortInfo[], o: RuleOptions, cache?: Map<string, PortRules>): DesiredRules {
  const nat = new Map<string, string[]>();
  const filter = new Map<string, string[]>();
  const services: string[] = [];
  const nodePorts: string[] = [];
  const filterServices: string[] = [];
  const nodeDst = o.nodeIps ? [...new Set([...o.nodeIps, '127.0.0.1'])].map((ip) => `-d ${ip}/32`) : ['-m addrtype --dst-type LOCAL'];
  const used = new Set<string>();
  for (const p of ports) {
    const key = cache ? JSON.stringify(p) : '';
    let r = cache?.get(key);
    if (!r) { r = portRules(p, o, nodeDst); cache?.set(key, r); }
    used.add(key);
    for (const [chain, lines] of r.nat) nat.set(chain, lines);
    services.push(...r.services);
    nodePorts.push(...r.nodePorts);
    filterServices.push(...r.filterServices);
  }
  if (cache) for (const k of cache.keys()) if (!used.has(k)) cache.delete(k);

  // Must stay last: anything else addressed to this node may be a NodePort.
  for (const dst of nodeDst) services.push(`-A ${NAT_SERVICES} ${comment('kite service nodeports; must be the last rule in this chain')} ${dst} -j ${NAT_NODEPORTS}`);

  const fixedNat = new Map<string, string[]>([
    [NAT_SERVICES, services],
    [NAT_NODEPORTS, nodePorts],
    [NAT_MARK_MASQ, [`-A ${NAT_MARK_MASQ} -j MARK --or-mark ${MASQ_MARK}`]],
    [NAT_POSTROUTING, [
      `-A ${NAT_POSTROUTING} -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
      // clear the mark so a packet that is re-routed (e.g. into a tunnel) is not masqueraded twice
      `-A ${NAT_POSTROUTING} -j MARK --xor-mark ${MASQ_MARK}`,
      `-A ${NAT_POSTROUTING} ${comment('kite service traffic requiring SNAT')} -j MASQUERADE --random-fully`,
    ]],
  ]);
  filter.set(FILTER_SERVICES, filterServices);
  filter.set(FILTER_FORWARD, [
    // a host whose FORWARD policy is DROP must still pass service traffic and its replies
    `-A ${FILTER_FORWARD} ${comment('kite forwarding rules')} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`,
    `-A ${FILTER_FORWARD} ${comment('kite forwarding conntrack rule')} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
  ]);
  return { nat: new Map([...fixedNat, ...nat]), filter };
}
