/**
 * Generic object-metadata rules applied to every kind before kind-specific hooks
 * (k8s `rest.BeforeCreate`/`BeforeUpdate` and `ValidateObjectMeta`).
 */
import { randomUUID } from 'node:crypto';
import { fieldErr } from './errors.js';
import type { AnyResourceDef } from './registry/types.js';
import type { FieldError, KObject, ObjectMeta } from './types/index.js';
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './validation/names.js';

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const TOTAL_ANNOTATION_BYTES = 256 * 1024;

export function generateNameSuffix(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += GENERATE_ALPHABET[Math.floor(random() * GENERATE_ALPHABET.length)];
  return s;
}

export function nowRfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nameProblems(def: AnyResourceDef, name: string): string[] {
  switch (def.nameRule ?? 'subdomain') {
    case 'dns1123Label': return dns1123Label(name);
    case 'dns1035Label': return dns1035Label(name);
    case 'pathSegment':
      if (name === '.' || name === '..') return [`may not be '${name}'`];
      return /[/%]/.test(name) ? [`may not contain '/' or '%'`] : [];
    default: return dns1123Subdomain(name);
  }
}

/** Validates name, namespace, labels, annotations, owner references and finalizers. */
export function validateObjectMeta(def: AnyResourceDef, meta: ObjectMeta): FieldError[] {
  const errs: FieldError[] = [];
  if (!meta.name) errs.push(fieldErr.required('metadata.name', 'name or generateName is required'));
  else for (const p of nameProblems(def, meta.name)) errs.push(fieldErr.invalid('metadata.name', meta.name, p));
  if (def.namespaced && !meta.namespace) errs.push(fieldErr.required('metadata.namespace'));
  if (!def.namespaced && meta.namespace) errs.push(fieldErr.forbidden('metadata.namespace', 'not allowed on this type'));
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    for (const p of qualifiedName(k)) errs.push(fieldErr.invalid('metadata.labels', k, p));
    if (typeof v !== 'string') errs.push(fieldErr.typeInvalid(`metadata.labels.${k}`, v, 'must be a string'));
    else for (const p of labelValue(v)) errs.push(fieldErr.invalid(`metadata.labels`, v, p));
  }
  let annotationBytes = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    for (const p of qualifiedName(k.toLowerCase())) errs.push(fieldErr.invalid('metadata.annotations', k, p));
    annotationBytes += k.length + String(v).length;
  }
  if (annotationBytes > TOTAL_ANNOTATION_BYTES) errs.push(fieldErr.tooLong('metadata.annotations', TOTAL_ANNOTATION_BYTES));
  (meta.ownerReferences ?? []).forEach((r, i) => {
    const p = `metadata.ownerReferences[${i}]`;
    if (!r.apiVersion) errs.push(fieldErr.invalid(`${p}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) errs.push(fieldErr.invalid(`${p}.kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) errs.push(fieldErr.invalid(`${p}.name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) errs.push(fieldErr.invalid(`${p}.uid`, r.uid ?? '', 'uid must not be empty'));
  });
  if ((meta.ownerReferences ?? []).filter((r) => r.controller).length > 1) {
    errs.push(fieldErr.invalid('metadata.ownerReferences', meta.ownerReferences, 'Only one reference can have Controller set to true'));
  }
  (meta.finalizers ?? []).forEach((f, i) => {
    for (const p of qualifiedName(f)) errs.push(fieldErr.invalid(`metadata.finalizers[${i}]`, f, p));
  });
  return errs;
}

/** Fields a client may not change on update. */
export function validateMetaUpdate(next: ObjectMeta, old: ObjectMeta): FieldError[] {
  const errs: FieldError[] = [];
  if (next.name !== old.name) errs.push(fieldErr.invalid('metadata.name', next.name, 'field is immutable'));
  if ((next.namespace ?? '') !== (old.namespace ?? '')) errs.push(fieldErr.invalid('metadata.namespace', next.namespace, 'field is immutable'));
  if (old.deletionTimestamp) {
    const added = (next.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
    if (added.length) errs.push(fieldErr.forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`));
  }
  return errs;
}

/** System fields set on create, whatever the client sent. */
export function initSystemMeta(meta: ObjectMeta, now: Date): void {
  meta.uid = randomUUID();
  meta.creationTimestamp = nowRfc3339(now);
  meta.generation = 1;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
}

/** Copies fields clients can't change from the stored object onto an update. */
export function keepSystemMeta(next: ObjectMeta, old: ObjectMeta): void {
  next.uid = old.uid;
  next.creationTimestamp = old.creationTimestamp;
  next.generation = old.generation;
  if (old.deletionTimestamp) next.deletionTimestamp = old.deletionTimestamp;
  else delete next.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined) next.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  else delete next.deletionGracePeriodSeconds;
}

/** Everything except metadata and status: a change bumps `generation`. */
export function specOf(o: KObject): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}
