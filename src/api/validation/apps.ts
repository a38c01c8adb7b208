/**
 * apps/v1 validation (upstream `pkg/apis/apps/validation`): the workload shapes, shared checks for
 * replicas, selectors and pod templates, and the per-kind rules. Messages and field paths follow
 * upstream so `kubectl apply` prints what users know.
 */
import { isDeepStrictEqual } from 'node:util';
import { fieldErr } from '../errors.js';
import type { PodTemplateSpec } from '../registry/core-types.js';
import type { FieldError, KObject } from '../types/index.js';
import { validatePodTemplateSpec } from './pod.js';
import { isEmptySelector, selectorMatches, validateLabelSelector, type LabelSelector } from './selector.js';

/** Templates are core's PodTemplateSpec; pod-level rules are the core group's (validation/pod.ts). */
export type PodTemplate = PodTemplateSpec;
export type IntOrString = number | string;
interface RollingUpdate { maxUnavailable?: IntOrString; maxSurge?: IntOrString; partition?: number }
interface Strategy { type?: string; rollingUpdate?: RollingUpdate }

export interface WorkloadSpec {
  replicas?: number; selector?: LabelSelector; template?: PodTemplate; minReadySeconds?: number; revisionHistoryLimit?: number;
}
export interface Deployment extends KObject {
  spec?: WorkloadSpec & { strategy?: Strategy; progressDeadlineSeconds?: number; paused?: boolean };
  status?: { replicas?: number; readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
}
export interface ReplicaSet extends KObject {
  spec?: WorkloadSpec;
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}
export interface StatefulSet extends KObject {
  spec?: WorkloadSpec & {
    serviceName?: string; podManagementPolicy?: string; updateStrategy?: Strategy; ordinals?: { start?: number };
    volumeClaimTemplates?: Array<{ spec?: Record<string, unknown> }>;
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
  };
  status?: { replicas?: number; readyReplicas?: number };
}
export interface DaemonSet extends KObject {
  spec?: WorkloadSpec & { updateStrategy?: Strategy };
  status?: Record<string, number | undefined>;
}

export const nonNegative = (path: string, v: unknown): FieldError[] =>
  (typeof v === 'number' && v < 0 ? [fieldErr.invalid(path, v, 'must be greater than or equal to 0')] : []);

const PERCENT = /^[0-9]+%$/;
const percentValue = (v: IntOrString | undefined): number => (typeof v === 'string' ? parseInt(v, 10) : v ?? 0);

/** `ValidatePositiveIntOrPercent` plus the ≤100% rule used for maxUnavailable and PDB fields. */
export function validateIntOrPercent(path: string, v: IntOrString | undefined, max100 = false): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === 'string') {
    if (!PERCENT.test(v)) {
      return [fieldErr.invalid(path, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
    }
    return max100 && percentValue(v) > 100 ? [fieldErr.invalid(path, v, 'must not be greater than 100%')] : [];
  }
  return nonNegative(path, v);
}

/**
 * Selector, template labels and pod template for controllers whose pods restart forever.
 * `kindWord` reproduces upstream's messages (ReplicaSet reuses "deployment" upstream, and so do we).
 */
export function validateWorkloadSpec(spec: WorkloadSpec | undefined, kindWord: string): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [...nonNegative('spec.replicas', s.replicas), ...nonNegative('spec.minReadySeconds', s.minReadySeconds)];
  errs.push(...nonNegative('spec.revisionHistoryLimit', s.revisionHistoryLimit));
  let selectorOk = false;
  if (!s.selector) errs.push(fieldErr.required('spec.selector', ''));
  else if (isEmptySelector(s.selector)) errs.push(fieldErr.invalid('spec.selector', s.selector, `empty selector is invalid for ${kindWord}`));
  else {
    const selErrs = validateLabelSelector(s.selector, 'spec.selector');
    errs.push(...selErrs);
    selectorOk = selErrs.length === 0;
  }
  if (!s.template) return [...errs, fieldErr.required('spec.template', '')];
  const labels = s.template.metadata?.labels ?? {};
  if (selectorOk && s.selector && !selectorMatches(s.selector, labels)) {
    errs.push(fieldErr.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  const rp = s.template.spec?.restartPolicy;
  if (rp !== undefined && rp !== 'Always') errs.push(fieldErr.notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (s.template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(fieldErr.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return [...errs, ...validatePodTemplateSpec(s.template, 'spec.template')];
}

const immutableSelector = (o: KObject & { spec?: WorkloadSpec }, old?: KObject & { spec?: WorkloadSpec }): FieldError[] =>
  (old && !isDeepStrictEqual(o.spec?.selector, old.spec?.selector)
    ? [fieldErr.invalid('spec.selector', o.spec?.selector ?? null, 'field is immutable')] : []);

function validateRollingUpdate(ru: RollingUpdate, path: string, zeroMsg: string): FieldError[] {
  const errs = [...validateIntOrPercent(`${path}.maxUnavailable`, ru.maxUnavailable, true), ...validateIntOrPercent(`${path}.maxSurge`, ru.maxSurge)];
  if (percentValue(ru.maxUnavailable) === 0 && percentValue(ru.maxSurge) === 0) {
    errs.push(fieldErr.invalid(`${path}.maxUnavailable`, ru.maxUnavailable ?? 0, zeroMsg));
  }
  return errs;
}

export function validateDeployment(o: Deployment, old?: Deployment): FieldError[] {
  const spec = o.spec ?? {};
  const errs = validateWorkloadSpec(spec, 'deployment');
  const st = spec.strategy ?? {};
  if (st.type === 'Recreate') {
    if (st.rollingUpdate) errs.push(fieldErr.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (st.type === 'RollingUpdate') {
    if (!st.rollingUpdate) errs.push(fieldErr.required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    else errs.push(...validateRollingUpdate(st.rollingUpdate, 'spec.strategy.rollingUpdate', 'may not be 0 when `maxSurge` is 0'));
  } else {
    errs.push(fieldErr.notSupported('spec.strategy.type', st.type ?? '', ['Recreate', 'RollingUpdate']));
  }
  const pds = spec.progressDeadlineSeconds;
  errs.push(...nonNegative('spec.progressDeadlineSeconds', pds));
  if (typeof pds === 'number' && pds <= (spec.minReadySeconds ?? 0)) {
    errs.push(fieldErr.invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  return [...errs, ...immutableSelector(o, old)];
}

export const validateReplicaSet = (o: ReplicaSet, old?: ReplicaSet): FieldError[] =>
  [...validateWorkloadSpec(o.spec, 'deployment'), ...immutableSelector(o, old)];

export function validateDaemonSet(o: DaemonSet, old?: DaemonSet): FieldError[] {
  const errs = validateWorkloadSpec(o.spec, 'daemonset');
  const us = o.spec?.updateStrategy ?? {};
  if (us.type === 'RollingUpdate') {
    if (!us.rollingUpdate) errs.push(fieldErr.required('spec.updateStrategy.rollingUpdate', ''));
    else errs.push(...validateRollingUpdate(us.rollingUpdate, 'spec.updateStrategy.rollingUpdate', 'cannot be 0 when maxSurge is 0'));
  } else if (us.type !== 'OnDelete') {
    errs.push(fieldErr.notSupported('spec.updateStrategy.type', us.type ?? '', ['OnDelete', 'RollingUpdate']));
  }
  return [...errs, ...immutableSelector(o, old)];
}

/** Spec fields a StatefulSet update may change; anything else is forbidden upstream. */
const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function validateStatefulSet(o: StatefulSet, old?: StatefulSet): FieldError[] {
  const spec = o.spec ?? {};
  const errs = validateWorkloadSpec(spec, 'statefulset');
  const pmp = spec.podManagementPolicy;
  if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(fieldErr.notSupported('spec.podManagementPolicy', pmp ?? '', ['OrderedReady', 'Parallel']));
  const us = spec.updateStrategy ?? {};
  if (us.type === 'RollingUpdate') errs.push(...nonNegative('spec.updateStrategy.rollingUpdate.partition', us.rollingUpdate?.partition));
  else if (us.type === 'OnDelete') {
    if (us.rollingUpdate) errs.push(fieldErr.invalid('spec.updateStrategy.rollingUpdate', us.rollingUpdate, 'only allowed for updateStrategy \'RollingUpdate\''));
  } else errs.push(fieldErr.notSupported('spec.updateStrategy.type', us.type ?? '', ['OnDelete', 'RollingUpdate']));
  errs.push(...nonNegative('spec.ordinals.start', spec.ordinals?.start));
  for (const f of ['whenDeleted', 'whenScaled'] as const) {
    const v = spec.persistentVolumeClaimRetentionPolicy?.[f];
    if (v !== undefined && v !== 'Retain' && v !== 'Delete') {
      errs.push(fieldErr.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ['Retain', 'Delete']));
    }
  }
  if (old) {
    const rest = (s: object = {}) => Object.fromEntries(Object.entries(s).filter(([k]) => !STS_MUTABLE.includes(k)));
    if (!isDeepStrictEqual(rest(o.spec), rest(old.spec))) {
      errs.push(fieldErr.forbidden('spec', `updates to statefulset spec for fields other than ${STS_MUTABLE.slice(0, -1).map((f) => `'${f}'`).join(', ')} and 'minReadySeconds' are forbidden`));
    }
  }
  return errs;
}

export function validateControllerRevision(o: KObject & { revision?: number; data?: unknown }, old?: KObject & { data?: unknown }): FieldError[] {
  const errs = nonNegative('revision', o.revision);
  if (old && !isDeepStrictEqual(o.data, old.data)) errs.push(fieldErr.invalid('data', o.data ?? null, 'field is immutable'));
  return errs;
}
