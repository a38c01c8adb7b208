/** ConfigMap and Secret validation: key syntax, the 1 MiB size cap, `immutable`, typed secrets. */
import { fieldErr } from '../errors.js';
import type { ConfigMap, Secret } from '../registry/core-types.js';
import type { FieldError } from '../types/index.js';
import { jsonEqual } from './core-equal.js';
import { configMapKey } from './names.js';

/** Both kinds are capped at 1 MiB of payload so they stay cheap to store and watch. */
export const MAX_CONFIG_SIZE = 1024 * 1024;
const IMMUTABLE = 'field is immutable when `immutable` is set';

const encoder = new TextEncoder();
const utf8Size = (s: string) => encoder.encode(s).length;
/** Decoded size of a base64 string without decoding it. */
const base64Size = (s: string) => Math.floor((s.replace(/=+$/, '').length * 3) / 4);

function validateKeys(map: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(map ?? {})) for (const m of configMapKey(k)) errs.push(fieldErr.invalid(`${field}[${k}]`, k, m));
  return errs;
}

function validateImmutable<T extends ConfigMap | Secret>(o: T, old: T | undefined, fields: Array<'data' | 'binaryData'>): FieldError[] {
  if (!old?.immutable) return [];
  const errs: FieldError[] = [];
  if (!o.immutable) errs.push(fieldErr.forbidden('immutable', IMMUTABLE));
  for (const f of fields) if (!jsonEqual((o as ConfigMap)[f] ?? {}, (old as ConfigMap)[f] ?? {})) errs.push(fieldErr.forbidden(f, IMMUTABLE));
  return errs;
}

export function validateConfigMap(cm: ConfigMap, old?: ConfigMap): FieldError[] {
  const errs = [...validateKeys(cm.data, 'data'), ...validateKeys(cm.binaryData, 'binaryData')];
  let size = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    size += utf8Size(k) + utf8Size(v);
    if (cm.binaryData && k in cm.binaryData) errs.push(fieldErr.invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
  }
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) size += utf8Size(k) + base64Size(v);
  if (size > MAX_CONFIG_SIZE) errs.push(fieldErr.tooLong('data', MAX_CONFIG_SIZE));
  errs.push(...validateImmutable(cm, old, ['data', 'binaryData']));
  return errs;
}

/** Keys a typed secret must carry (core/v1 `SecretType*` constants). */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

export function validateSecret(s: Secret, old?: Secret): FieldError[] {
  const errs = validateKeys(s.data, 'data');
  errs.push(...validateKeys(s.stringData, 'stringData'));
  let size = 0;
  for (const v of Object.values(s.data ?? {})) size += base64Size(v);
  for (const v of Object.values(s.stringData ?? {})) size += utf8Size(v);
  if (size > MAX_CONFIG_SIZE) errs.push(fieldErr.tooLong('data', MAX_CONFIG_SIZE));
  const has = (k: string) => (s.data && k in s.data) || (s.stringData && k in s.stringData);
  for (const k of REQUIRED_KEYS[s.type ?? ''] ?? []) if (!has(k)) errs.push(fieldErr.required(`data[${k}]`));
  if (s.type === 'kubernetes.io/service-account-token' && !s.metadata.annotations?.['kubernetes.io/service-account.name']) {
    errs.push(fieldErr.required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  if (s.type === 'kubernetes.io/basic-auth' && !has('username') && !has('password')) {
    errs.push(fieldErr.required('data[username]', 'either username or password is required'));
  }
  if (old && (old.type ?? 'Opaque') !== (s.type ?? 'Opaque')) errs.push(fieldErr.invalid('type', s.type, 'field is immutable'));
  errs.push(...validateImmutable(s, old, ['data']));
  return errs;
}
