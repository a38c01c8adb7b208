/** Service and Endpoints validation (apis/core/validation `ValidateService`, `ValidateEndpoints`). */
import { fieldErr } from '../errors.js';
import type { Endpoints, Service } from '../registry/core-types.js';
import type { FieldError } from '../types/index.js';
import { ianaSvcName, validPort } from './core-container.js';
import { dns1123Label, dns1123Subdomain } from './names.js';
import { validateLabels } from './pod.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;

function validatePorts(svc: Service): FieldError[] {
  const spec = svc.spec, type = spec.type ?? 'ClusterIP';
  const ports = spec.ports ?? [];
  const errs: FieldError[] = [];
  const needsPorts = type !== 'ExternalName' && spec.clusterIP !== 'None';
  if (needsPorts && ports.length === 0) errs.push(fieldErr.required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(fieldErr.required(`${pp}.name`));
    if (p.name) {
      for (const m of dns1123Label(p.name)) errs.push(fieldErr.invalid(`${pp}.name`, p.name, m));
      if (names.has(p.name)) errs.push(fieldErr.duplicate(`${pp}.name`, p.name));
      names.add(p.name);
    }
    if (!validPort(p.port)) errs.push(fieldErr.invalid(`${pp}.port`, p.port, PORT_RANGE));
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(fieldErr.notSupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
    const tp = p.targetPort;
    if (typeof tp === 'number' && !validPort(tp)) errs.push(fieldErr.invalid(`${pp}.targetPort`, tp, PORT_RANGE));
    if (typeof tp === 'string') for (const m of ianaSvcName(tp)) errs.push(fieldErr.invalid(`${pp}.targetPort`, tp, m));
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') errs.push(fieldErr.forbidden(`${pp}.nodePort`, `may not be used when \`type\` is '${type}'`));
      // The configured range (and whether the port is free) is the API server's allocator's check.
      else if (!validPort(p.nodePort)) errs.push(fieldErr.invalid(`${pp}.nodePort`, p.nodePort, PORT_RANGE));
    }
  });
  return errs;
}

export function validateService(svc: Service, old?: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  const errs: FieldError[] = [];
  if (!TYPES.includes(type)) errs.push(fieldErr.notSupported('spec.type', type, TYPES));
  errs.push(...validatePorts({ ...svc, spec }));
  if (type === 'ExternalName') {
    if (!spec.externalName) errs.push(fieldErr.required('spec.externalName'));
    else for (const m of dns1123Subdomain(spec.externalName)) errs.push(fieldErr.invalid('spec.externalName', spec.externalName, m));
  }
  if (type === 'ExternalName' && spec.clusterIP && spec.clusterIP !== 'None') {
    errs.push(fieldErr.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
  }
  if (spec.clusterIP && spec.clusterIPs?.[0] && spec.clusterIPs[0] !== spec.clusterIP) {
    errs.push(fieldErr.invalid('spec.clusterIPs', spec.clusterIPs, 'first value must match `clusterIP`'));
  }
  if (spec.clusterIP && spec.clusterIP !== 'None' && !IP.test(spec.clusterIP)) {
    errs.push(fieldErr.invalid('spec.clusterIP', spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  }
  (spec.externalIPs ?? []).forEach((ip, i) => {
    if (!IP.test(ip)) errs.push(fieldErr.invalid(`spec.externalIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (spec.sessionAffinity !== undefined && !AFFINITIES.includes(spec.sessionAffinity)) errs.push(fieldErr.notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  for (const f of ['externalTrafficPolicy', 'internalTrafficPolicy'] as const) {
    const v = spec[f];
    if (v !== undefined && !TRAFFIC_POLICIES.includes(v)) errs.push(fieldErr.notSupported(`spec.${f}`, v, TRAFFIC_POLICIES));
  }
  if (spec.externalTrafficPolicy !== undefined && type !== 'NodePort' && type !== 'LoadBalancer') {
    errs.push(fieldErr.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  }
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (old) errs.push(...validateServiceUpdate(svc, old));
  return errs;
}

/**
 * A set cluster IP cannot change (unless the service becomes or was ExternalName). An empty new
 * value is not an error: the API server carries allocated values over on update, as upstream does.
 */
function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const prev = old.spec?.clusterIP, next = svc.spec?.clusterIP;
  const external = svc.spec?.type === 'ExternalName' || old.spec?.type === 'ExternalName';
  if (!external && prev && next && next !== prev) return [fieldErr.invalid('spec.clusterIP', next, 'field is immutable')];
  return [];
}

export function validateEndpoints(ep: Endpoints): FieldError[] {
  const errs: FieldError[] = [];
  (ep.subsets ?? []).forEach((s, i) => {
    const sp = `subsets[${i}]`;
    for (const [field, list] of [['addresses', s.addresses], ['notReadyAddresses', s.notReadyAddresses]] as const) {
      (list ?? []).forEach((a, j) => {
        if (!IP.test(a.ip ?? '')) errs.push(fieldErr.invalid(`${sp}.${field}[${j}].ip`, a.ip, 'must be a valid IP address'));
      });
    }
    (s.ports ?? []).forEach((p, j) => {
      if (!validPort(p.port)) errs.push(fieldErr.invalid(`${sp}.ports[${j}].port`, p.port, PORT_RANGE));
      if ((s.ports?.length ?? 0) > 1 && !p.name) errs.push(fieldErr.required(`${sp}.ports[${j}].name`));
    });
  });
  return errs;
}
