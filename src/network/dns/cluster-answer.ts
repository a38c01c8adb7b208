/**
 * Authoritative answers for the cluster domain and for reverse names of cluster IPs, from the zone
 * index alone (no I/O, O(1) per query). Returns undefined when the question is not ours, so the
 * caller forwards it. Names under the domain that do not exist are NXDOMAIN at once: search-path
 * expansion (`web.default.svc.cluster.local.default.svc.cluster.local`) never reaches an upstream.
 */
import type { Answer, Question } from 'dns-packet';
import { normalizeName, podLabelToIp, reverseNameToIp } from './names.js';
import type { NameRecords } from './service-records.js';
import type { ZoneIndex } from './zone-index.js';

/** CoreDNS's kubernetes plugin answers with a 5 s TTL; the SOA minimum (negative TTL) is 5 s too. */
export const CLUSTER_TTL = 5;

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

export interface Resolution {
  rcode: Rcode;
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
  /** An ExternalName CNAME whose target the caller should resolve and append. */
  chase?: string;
}

export function soaRecord(domain: string, serial: number): Answer {
  return {
    type: 'SOA', name: domain, ttl: CLUSTER_TTL, class: 'IN',
    data: { mname: `ns.dns.${domain}`, rname: `hostmaster.${domain}`, serial, refresh: 7200, retry: 1800, expire: 86400, minimum: CLUSTER_TTL },
  };
}

export function answerCluster(q: Question, zone: ZoneIndex, domain: string): Resolution | undefined {
  const name = normalizeName(q.name);
  if (name === domain || name.endsWith(`.${domain}`)) return answerInDomain(q, name, zone, domain);
  if (q.type === 'PTR') {
    const ip = reverseNameToIp(name);
    const targets = ip ? zone.ptr(ip) : [];
    // Unknown reverse names fall through to the upstreams (the default Corefile's `fallthrough in-addr.arpa`).
    if (!targets.length) return undefined;
    return ok(targets.map((t) => ({ type: 'PTR', name: q.name, ttl: CLUSTER_TTL, class: 'IN', data: t } as Answer)));
  }
  return undefined;
}

const ok = (answers: Answer[], additionals: Answer[] = []): Resolution =>
  ({ rcode: 'NOERROR', authoritative: true, answers, authorities: [], additionals });

function answerInDomain(q: Question, name: string, zone: ZoneIndex, domain: string): Resolution {
  const qtype: string = q.type; // dns-packet decodes 255 as 'ANY', which its types leave out
  const soa = soaRecord(domain, zone.serial());
  const noData: Resolution = { rcode: 'NOERROR', authoritative: true, answers: [], authorities: [soa], additionals: [] };
  const nxDomain: Resolution = { ...noData, rcode: 'NXDOMAIN' };
  if (name === domain) return q.type === 'SOA' ? ok([{ ...soa, name: q.name }]) : noData;

  const labels = name.slice(0, -domain.length - 1).split('.');
  if (labels[labels.length - 1] === 'pod') {
    if (labels.length === 1 || labels.length === 2) return noData;
    const ip = labels.length === 3 ? podLabelToIp(labels[0]!) : undefined;
    if (!ip) return nxDomain;
    const family = ip.includes(':') ? 'AAAA' : 'A';
    return qtype === family || qtype === 'ANY' ? ok([{ type: family, name: q.name, ttl: CLUSTER_TTL, class: 'IN', data: ip }]) : noData;
  }
  if (name === `svc.${domain}`) return noData;

  const r = zone.records(name);
  if (!r) return zone.exists(name) ? noData : nxDomain;
  if (r.cname) {
    const cname: Answer = { type: 'CNAME', name: q.name, ttl: CLUSTER_TTL, class: 'IN', data: r.cname };
    return { ...ok([cname]), chase: q.type === 'CNAME' ? undefined : r.cname };
  }
  const answers = recordsOfType(q, r);
  if (!answers.length) return noData;
  return ok(answers, qtype === 'SRV' || qtype === 'ANY' ? srvAdditionals(r, zone) : []);
}

function recordsOfType(q: Question, r: NameRecords): Answer[] {
  const qtype: string = q.type;
  const out: Answer[] = [];
  const add = (type: 'A' | 'AAAA', ips: string[]) => { for (const ip of ips) out.push({ type, name: q.name, ttl: CLUSTER_TTL, class: 'IN', data: ip }); };
  if (qtype === 'A' || qtype === 'ANY') add('A', r.a);
  if (qtype === 'AAAA' || qtype === 'ANY') add('AAAA', r.aaaa);
  if (qtype === 'SRV' || qtype === 'ANY') {
    for (const s of r.srv) out.push({ type: 'SRV', name: q.name, ttl: CLUSTER_TTL, class: 'IN', data: { ...s } });
  }
  return out;
}

/** The addresses of each SRV target, so clients need no second round trip. */
function srvAdditionals(r: NameRecords, zone: ZoneIndex): Answer[] {
  const out: Answer[] = [];
  const seen = new Set<string>();
  for (const s of r.srv) {
    if (seen.has(s.target)) continue;
    seen.add(s.target);
    const t = zone.records(s.target);
    for (const ip of t?.a ?? []) out.push({ type: 'A', name: s.target, ttl: CLUSTER_TTL, class: 'IN', data: ip });
    for (const ip of t?.aaaa ?? []) out.push({ type: 'AAAA', name: s.target, ttl: CLUSTER_TTL, class: 'IN', data: ip });
  }
  return out;
}
