/**
 * ClusterConfig validation: the JSON Schema (ajv, all errors) first, then the checks a schema cannot
 * express (overlapping CIDRs, addresses inside the node subnet, control-plane count, unique names).
 * Every issue names its field path the way users read it: `machines[0].cpuCount: must be >= 1`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isIPv4 } from 'node:net';
import { cidrContains, cidrsOverlap, ipToInt, parseCidr, type Cidr } from '../api/net/ipv4.js';
import { applyClusterConfigDefaults, type ClusterConfig } from './cluster-config.js';
import { CLUSTER_CONFIG_SCHEMA } from './cluster-config-schema.js';

export interface ConfigIssue {
  /** e.g. `machines[0].cpuCount`; `(root)` for the document itself. */
  path: string;
  message: string;
}

export const formatIssue = (i: ConfigIssue): string => `${i.path}: ${i.message}`;

const isCidr = (s: string) => { try { parseCidr(s); return true; } catch { return false; } };
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Custom formats, with the phrase an error message uses for each. */
const FORMATS: Record<string, { test: (s: string) => boolean; says: string }> = {
  ipv4: { test: (s) => isIPv4(s), says: 'an IPv4 address like 192.168.1.10' },
  cidr: { test: isCidr, says: 'an IPv4 CIDR like 10.42.0.0/16 (host bits zero)' },
  'dns-label': { test: (s) => dnsLabel.test(s), says: 'a DNS label (lowercase letters, digits, "-")' },
  'dns-subdomain': { test: (s) => s.split('.').every((p) => dnsLabel.test(p)), says: 'a DNS-1123 subdomain (lowercase letters, digits, "-", ".")' },
  'dns-domain': { test: (s) => s.split('.').every((p) => dnsLabel.test(p)), says: 'a DNS domain like cluster.local' },
  'abs-path': { test: (s) => s.startsWith('/') && !s.includes('\0'), says: 'an absolute path' },
  'host-port': { test: (s) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(s) && Number(s.split(':')[1]) <= 65535, says: 'host:port like 192.168.1.10:6443' },
  'port-range': { test: (s) => /^\d+-\d+$/.test(s), says: '"min-max" like 30000-32767' },
  'ip-port': { test: (s) => { const [h, p] = s.split(/:(?=\d+$)/); return isIPv4(h ?? '') && (p === undefined || (Number(p) >= 1 && Number(p) <= 65535)); }, says: 'an IPv4 address with an optional :port' },
  url: { test: (s) => { try { return /^https?:$/.test(new URL(s).protocol); } catch { return false; } }, says: 'an http:// or https:// URL' },
};

/** Compiled on first use: every `kite` command loads this module, few validate a config. */
let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, useDefaults: false });
  for (const [name, f] of Object.entries(FORMATS)) ajv.addFormat(name, f.test);
  return (compiled = ajv.compile(CLUSTER_CONFIG_SCHEMA));
}

/** `/machines/0/cpuCount` → `machines[0].cpuCount`. */
export function fieldPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(root)';
}

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function render(e: ErrorObject): ConfigIssue {
  const p = e.params as Record<string, unknown>;
  const at = fieldPath(e.instancePath);
  switch (e.keyword) {
    case 'required': return { path: fieldPath(e.instancePath, String(p.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      return { path: fieldPath(e.instancePath, String(p.additionalProperty)), message: `unknown key (allowed: ${allowed.join(', ')})` };
    }
    case 'enum': return { path: at, message: `must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')} (got ${show(e.data)})` };
    case 'const': return { path: at, message: `must be ${show(p.allowedValue)} (got ${show(e.data)})` };
    case 'type': return { path: at, message: `must be ${String(p.type)} (got ${typeName(e.data)} ${show(e.data)})` };
    case 'format': return { path: at, message: `must be ${FORMATS[String(p.format)]?.says ?? String(p.format)} (got ${show(e.data)})` };
    case 'minimum': case 'maximum': return { path: at, message: `must be ${String(p.comparison)} ${String(p.limit)} (got ${show(e.data)})` };
    case 'minItems': return { path: at, message: `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` };
    default: return { path: at, message: e.message ?? e.keyword };
  }
}

function parseRange(s: string): Cidr | undefined {
  try { return parseCidr(s); } catch { return undefined; }
}

/** Checks across fields, on a config that already passed the schema. */
export function semanticIssues(c: ClusterConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const clusterCidr = parseRange(c.clusterCidr)!;
  const serviceCidr = parseRange(c.serviceCidr)!;
  if (clusterCidr.prefix > 24) out.push({ path: 'clusterCidr', message: `must be /24 or larger (one /24 per node), got /${clusterCidr.prefix}` });
  if (serviceCidr.prefix > 28 || serviceCidr.prefix < 12) out.push({ path: 'serviceCidr', message: `prefix must be /12 to /28, got /${serviceCidr.prefix}` });
  if (cidrsOverlap(clusterCidr, serviceCidr)) out.push({ path: 'serviceCidr', message: `${c.serviceCidr} overlaps clusterCidr ${c.clusterCidr}` });
  if (!cidrContains(serviceCidr, c.clusterDns)) out.push({ path: 'clusterDns', message: `${c.clusterDns} is outside serviceCidr ${c.serviceCidr}` });
  const [lo, hi] = c.network.serviceNodePortRange.split('-').map(Number) as [number, number];
  if (lo < 1 || hi > 65535 || lo > hi) out.push({ path: 'network.serviceNodePortRange', message: `must be min-max within 1-65535, got "${c.network.serviceNodePortRange}"` });

  const subnet = c.network.nodeSubnet !== undefined ? parseRange(c.network.nodeSubnet)! : undefined;
  for (const [name, block] of [['clusterCidr', clusterCidr], ['serviceCidr', serviceCidr]] as const) {
    if (subnet && cidrsOverlap(subnet, block)) out.push({ path: name, message: `${c[name]} overlaps network.nodeSubnet ${c.network.nodeSubnet}` });
  }
  const lb = c.network.loadBalancerRange;
  if (lb) {
    const range = { base: ipToInt(lb.start), prefix: 32, size: lb.size };
    if (range.base + lb.size - 1 > 0xffffffff) out.push({ path: 'network.loadBalancerRange.size', message: `${lb.start} + ${lb.size} runs past 255.255.255.255` });
    else if (subnet && !(range.base >= subnet.base && range.base + range.size <= subnet.base + subnet.size)) {
      out.push({ path: 'network.loadBalancerRange', message: `${lb.start} (+${lb.size}) is outside network.nodeSubnet ${c.network.nodeSubnet}` });
    }
    for (const [name, block] of [['clusterCidr', clusterCidr], ['serviceCidr', serviceCidr]] as const) {
      if (cidrsOverlap(range, block)) out.push({ path: 'network.loadBalancerRange', message: `${lb.start} (+${lb.size}) overlaps ${name} ${c[name]}` });
    }
  }
  if (subnet && c.network.nodeAddress && !cidrContains(subnet, c.network.nodeAddress)) {
    out.push({ path: 'network.nodeAddress', message: `${c.network.nodeAddress} is outside network.nodeSubnet ${c.network.nodeSubnet}` });
  }

  const seen = new Map<string, number>();
  c.machines.forEach((m, i) => {
    const first = seen.get(m.name);
    if (first !== undefined) out.push({ path: `machines[${i}].name`, message: `"${m.name}" is already used by machines[${first}]` });
    else seen.set(m.name, i);
    if (m.address && subnet && !cidrContains(subnet, m.address)) out.push({ path: `machines[${i}].address`, message: `${m.address} is outside network.nodeSubnet ${c.network.nodeSubnet}` });
    if (lb && m.address && m.address !== lb.start && ipToInt(m.address) >= ipToInt(lb.start) && ipToInt(m.address) < ipToInt(lb.start) + lb.size) {
      out.push({ path: `machines[${i}].address`, message: `${m.address} lies inside network.loadBalancerRange` });
    }
  });
  const controlPlanes = c.machines.filter((m) => m.controlPlane).length;
  if (c.deploymentType === 'SingleMachine') {
    if (c.machines.length !== 1) out.push({ path: 'machines', message: `a SingleMachine deployment has exactly one machine, got ${c.machines.length} (use deploymentType: Scalable)` });
    else if (controlPlanes !== 1) out.push({ path: 'machines[0].controlPlane', message: 'must be true: a SingleMachine deployment needs exactly one control plane' });
  } else if (controlPlanes === 0) {
    out.push({ path: 'machines', message: 'a Scalable deployment needs at least one machine with controlPlane: true' });
  }
  if (c.datastore.type === 'etcd') out.push({ path: 'datastore.type', message: 'etcd is not available yet (allowed now: sqlite)' });
  return out;
}

export type ValidationResult = { ok: true; config: ClusterConfig } | { ok: false; issues: ConfigIssue[] };

/** Schema then semantic checks; defaults are applied only to a config that passed the schema. */
export function validateClusterConfig(data: unknown): ValidationResult {
  const validateSchema = schemaValidator();
  if (!validateSchema(data)) {
    const seen = new Set<string>();
    const issues = (validateSchema.errors ?? []).map(render).filter((i) => {
      const k = formatIssue(i);
      return seen.has(k) ? false : (seen.add(k), true);
    });
    return { ok: false, issues };
  }
  const config = applyClusterConfigDefaults(data);
  const issues = semanticIssues(config);
  return issues.length ? { ok: false, issues } : { ok: true, config };
}
