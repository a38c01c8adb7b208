/**
 * Validation for the small groups: coordination (Lease), discovery (EndpointSlice), events.k8s.io,
 * storage (StorageClass), policy (PodDisruptionBudget) and apiextensions (CustomResourceDefinition).
 * Each follows its upstream `validation.go` for field paths and messages.
 */
import { isDeepStrictEqual } from 'node:util';
import { fieldErr } from '../errors.js';
import type { FieldError, KObject } from '../types/index.js';
import { nonNegative, validateIntOrPercent, type IntOrString } from './apps.js';
import { dns1035Label, dns1123Label, dns1123Subdomain, qualifiedName } from './names.js';
import { validateLabelSelector, type LabelSelector } from './selector.js';

const immutable = (path: string, v: unknown, old: unknown): FieldError[] =>
  (isDeepStrictEqual(v, old) ? [] : [fieldErr.invalid(path, v ?? null, 'field is immutable')]);

export interface Lease extends KObject { spec?: { holderIdentity?: string; leaseDurationSeconds?: number; leaseTransitions?: number } }

export function validateLease(o: Lease): FieldError[] {
  const d = o.spec?.leaseDurationSeconds;
  const errs = typeof d === 'number' && d <= 0 ? [fieldErr.invalid('spec.leaseDurationSeconds', d, 'must be greater than 0')] : [];
  return [...errs, ...nonNegative('spec.leaseTransitions', o.spec?.leaseTransitions)];
}

export interface EndpointSlice extends KObject {
  addressType?: string;
  endpoints?: Array<{ addresses?: string[] }>;
  ports?: Array<{ name?: string; port?: number; protocol?: string }>;
}

export function validateEndpointSlice(o: EndpointSlice, old?: EndpointSlice): FieldError[] {
  const errs: FieldError[] = [];
  if (!['IPv4', 'IPv6', 'FQDN'].includes(o.addressType ?? '')) errs.push(fieldErr.notSupported('addressType', o.addressType ?? '', ['FQDN', 'IPv4', 'IPv6']));
  (o.endpoints ?? []).forEach((e, i) => {
    const n = e.addresses?.length ?? 0;
    if (n === 0) errs.push(fieldErr.required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
    else if (n > 100) errs.push(fieldErr.invalid(`endpoints[${i}].addresses`, n, 'must have at most 100 addresses'));
  });
  (o.ports ?? []).forEach((p, i) => {
    if (p.port !== undefined && (p.port < 1 || p.port > 65535)) errs.push(fieldErr.invalid(`ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
    if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.push(fieldErr.notSupported(`ports[${i}].protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return old ? [...errs, ...immutable('addressType', o.addressType, old.addressType)] : errs;
}

export interface EventV1 extends KObject {
  eventTime?: string; reportingController?: string; reportingInstance?: string; action?: string; reason?: string;
  type?: string; note?: string; regarding?: { kind?: string; name?: string; namespace?: string; fieldPath?: string };
  series?: { count?: number; lastObservedTime?: string }; deprecatedFirstTimestamp?: string; deprecatedLastTimestamp?: string;
  deprecatedCount?: number; deprecatedSource?: { component?: string; host?: string };
}

export function validateEventV1(o: EventV1): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['eventTime', 'reportingController', 'reportingInstance', 'action', 'reason'] as const) if (!o[f]) errs.push(fieldErr.required(f, ''));
  for (const f of ['action', 'reason'] as const) if ((o[f]?.length ?? 0) > 128) errs.push(fieldErr.tooLong(f, 128));
  if (o.type !== 'Normal' && o.type !== 'Warning') errs.push(fieldErr.notSupported('type', o.type ?? '', ['Normal', 'Warning']));
  if ((o.note?.length ?? 0) > 1024) errs.push(fieldErr.tooLong('note', 1024));
  return errs;
}

export interface StorageClass extends KObject {
  provisioner?: string; parameters?: Record<string, string>; reclaimPolicy?: string; volumeBindingMode?: string; allowVolumeExpansion?: boolean;
}

export function validateStorageClass(o: StorageClass, old?: StorageClass): FieldError[] {
  const errs: FieldError[] = [];
  if (!o.provisioner) errs.push(fieldErr.required('provisioner', ''));
  else for (const m of qualifiedName(o.provisioner)) errs.push(fieldErr.invalid('provisioner', o.provisioner, m));
  if (o.reclaimPolicy !== undefined && !['Delete', 'Retain'].includes(o.reclaimPolicy)) errs.push(fieldErr.notSupported('reclaimPolicy', o.reclaimPolicy, ['Delete', 'Retain']));
  const vbm = o.volumeBindingMode;
  if (vbm !== undefined && vbm !== 'Immediate' && vbm !== 'WaitForFirstConsumer') errs.push(fieldErr.notSupported('volumeBindingMode', vbm, ['Immediate', 'WaitForFirstConsumer']));
  if (!old) return errs;
  for (const f of ['parameters', 'provisioner', 'reclaimPolicy'] as const) {
    if (!isDeepStrictEqual(o[f], old[f])) errs.push(fieldErr.forbidden(f, `updates to ${f} are forbidden.`));
  }
  return [...errs, ...immutable('volumeBindingMode', vbm, old.volumeBindingMode)];
}

export interface PodDisruptionBudget extends KObject {
  spec?: { minAvailable?: IntOrString; maxUnavailable?: IntOrString; selector?: LabelSelector; unhealthyPodEvictionPolicy?: string };
  status?: { disruptionsAllowed?: number };
}

export function validatePodDisruptionBudget(o: PodDisruptionBudget): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) {
    errs.push(fieldErr.invalid('spec.minAvailable', s.minAvailable, 'minAvailable and maxUnavailable cannot be both set'));
  }
  errs.push(...validateIntOrPercent('spec.minAvailable', s.minAvailable, true), ...validateIntOrPercent('spec.maxUnavailable', s.maxUnavailable, true));
  if (s.selector) errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
  const p = s.unhealthyPodEvictionPolicy;
  if (p !== undefined && p !== 'IfHealthyBudget' && p !== 'AlwaysAllow') errs.push(fieldErr.notSupported('spec.unhealthyPodEvictionPolicy', p, ['AlwaysAllow', 'IfHealthyBudget']));
  return errs;
}

export interface CrdVersion { name?: string; served?: boolean; storage?: boolean; schema?: { openAPIV3Schema?: unknown } }
export interface CustomResourceDefinition extends KObject {
  spec?: {
    group?: string; scope?: string; versions?: CrdVersion[];
    names?: { plural?: string; singular?: string; kind?: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    conversion?: { strategy?: string };
  };
  status?: Record<string, unknown>;
}

function validateCrdNames(n: NonNullable<CustomResourceDefinition['spec']>['names'] = {}): FieldError[] {
  const errs: FieldError[] = [];
  // Kinds are CamelCase; upstream checks their lower-cased form as a DNS label, like the plural.
  for (const f of ['plural', 'singular', 'kind', 'listKind'] as const) {
    const v = n[f];
    if (!v) errs.push(fieldErr.required(`spec.names.${f}`, ''));
    else for (const m of dns1123Label(f === 'kind' || f === 'listKind' ? v.toLowerCase() : v)) errs.push(fieldErr.invalid(`spec.names.${f}`, v, m));
  }
  if (n.kind && n.kind === n.listKind) errs.push(fieldErr.invalid('spec.names.listKind', n.listKind, 'kind and listKind cannot be the same'));
  (n.shortNames ?? []).forEach((s, i) => dns1123Label(s).forEach((m) => errs.push(fieldErr.invalid(`spec.names.shortNames[${i}]`, s, m))));
  return errs;
}

export function validateCustomResourceDefinition(o: CustomResourceDefinition, old?: CustomResourceDefinition): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  if (o.metadata.name !== `${s.names?.plural ?? ''}.${s.group ?? ''}`) {
    errs.push(fieldErr.invalid('metadata.name', o.metadata.name ?? '', 'must be spec.names.plural+"."+spec.group'));
  }
  if (!s.group) errs.push(fieldErr.required('spec.group', ''));
  else {
    for (const m of dns1123Subdomain(s.group)) errs.push(fieldErr.invalid('spec.group', s.group, m));
    if (!s.group.includes('.')) errs.push(fieldErr.invalid('spec.group', s.group, 'should be a domain with at least one dot'));
  }
  if (!s.scope) errs.push(fieldErr.required('spec.scope', ''));
  else if (s.scope !== 'Namespaced' && s.scope !== 'Cluster') errs.push(fieldErr.notSupported('spec.scope', s.scope, ['Cluster', 'Namespaced']));
  const versions = s.versions ?? [];
  if (versions.length === 0) errs.push(fieldErr.required('spec.versions', 'must have exactly one version marked as storage version'));
  else {
    if (versions.filter((v) => v.storage).length !== 1) {
      errs.push(fieldErr.invalid('spec.versions', versions.map((v) => v.name), 'must have exactly one version marked as storage version'));
    }
    if (!versions.some((v) => v.served)) errs.push(fieldErr.invalid('spec.versions', versions.map((v) => v.name), 'must serve at least one version'));
  }
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const p = `spec.versions[${i}]`;
    if (!v.name) errs.push(fieldErr.required(`${p}.name`, ''));
    else {
      for (const m of dns1035Label(v.name)) errs.push(fieldErr.invalid(`${p}.name`, v.name, m));
      if (seen.has(v.name)) errs.push(fieldErr.invalid(`${p}.name`, v.name, 'must be unique'));
      seen.add(v.name);
    }
    if (!v.schema?.openAPIV3Schema) errs.push(fieldErr.required(`${p}.schema.openAPIV3Schema`, 'schemas are required'));
  });
  errs.push(...validateCrdNames(s.names));
  const strategy = s.conversion?.strategy;
  if (strategy !== undefined && strategy !== 'None' && strategy !== 'Webhook') errs.push(fieldErr.notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook']));
  if (!old) return errs;
  return [...errs, ...immutable('spec.group', s.group, old.spec?.group), ...immutable('spec.names.plural', s.names?.plural, old.spec?.names?.plural)];
}
