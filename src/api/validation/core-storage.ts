/** Validation for PersistentVolume(Claim), ResourceQuota and LimitRange. */
import { fieldErr } from '../errors.js';
import type {
  LimitRange, PersistentVolume, PersistentVolumeClaim, ResourceList, ResourceQuota,
} from '../registry/core-types.js';
import type { FieldError } from '../types/index.js';
import { jsonEqual } from './core-equal.js';
import { parseQuantity, validateResourceList } from './quantity.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];

function accessModes(modes: string[] | undefined, path: string): FieldError[] {
  if (!modes?.length) return [fieldErr.required(path, 'at least 1 access mode is required')];
  const errs = modes.filter((m) => !ACCESS_MODES.includes(m)).map((m) => fieldErr.notSupported(path, m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) errs.push(fieldErr.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function storageRequest(list: ResourceList | undefined, path: string): FieldError[] {
  const q = list?.storage;
  if (q === undefined) return [fieldErr.required(`${path}[storage]`)];
  const v = parseQuantity(q);
  if (v === undefined) return validateResourceList({ storage: q }, path);
  return v > 0 ? [] : [fieldErr.invalid(`${path}[storage]`, q, 'must be greater than zero')];
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim, old?: PersistentVolumeClaim): FieldError[] {
  const spec = pvc.spec ?? {};
  const errs = [...accessModes(spec.accessModes, 'spec.accessModes'), ...storageRequest(spec.resources?.requests, 'spec.resources')];
  if (old) {
    // Only storage requests (expansion) change freely; volumeName may be set once by the binder.
    const strip = (s: PersistentVolumeClaim['spec'], volumeName: string | undefined) =>
      ({ ...s, resources: { ...s?.resources, requests: undefined }, volumeName, volumeAttributesClassName: undefined });
    const oldName = old.spec?.volumeName || spec.volumeName;
    if (!jsonEqual(strip(spec, spec.volumeName), strip(old.spec, oldName))) {
      errs.push(fieldErr.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    }
  }
  return errs;
}

export function validatePersistentVolume(pv: PersistentVolume): FieldError[] {
  const spec = pv.spec ?? {};
  const errs = [...accessModes(spec.accessModes, 'spec.accessModes'), ...storageRequest(spec.capacity, 'spec.capacity')];
  const sources = ['hostPath', 'local', 'nfs'].filter((k) => spec[k] !== undefined);
  if (sources.length === 0) errs.push(fieldErr.required('spec', 'must specify a volume type'));
  for (const s of sources.slice(1)) errs.push(fieldErr.forbidden(`spec.${s}`, 'may not specify more than 1 volume type'));
  return errs;
}

export function validateResourceQuota(q: ResourceQuota): FieldError[] {
  return [...validateResourceList(q.spec?.hard, 'spec.hard'), ...validateResourceList(q.status?.hard, 'status.hard'), ...validateResourceList(q.status?.used, 'status.used')];
}

export function validateLimitRange(lr: LimitRange): FieldError[] {
  const errs: FieldError[] = [];
  (lr.spec?.limits ?? []).forEach((l, i) => {
    const lp = `spec.limits[${i}]`;
    if (!LIMIT_TYPES.includes(l.type)) errs.push(fieldErr.notSupported(`${lp}.type`, l.type, LIMIT_TYPES));
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) errs.push(...validateResourceList(l[f] as ResourceList | undefined, `${lp}.${f}`));
  });
  return errs;
}
