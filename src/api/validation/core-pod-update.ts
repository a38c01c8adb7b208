/**
 * Pod spec mutability (apis/core/validation `ValidatePodUpdate`): the allowed changes are copied
 * from the new spec onto a copy of the old one, and anything still different is forbidden.
 */
import { fieldErr } from '../errors.js';
import type { Container, Pod, PodSpec, Toleration } from '../registry/core-types.js';
import type { FieldError } from '../types/index.js';
import { jsonEqual } from './core-equal.js';

export const POD_UPDATE_MESSAGE = 'pod updates may not change fields other than `spec.containers[*].image`,'
  + '`spec.initContainers[*].image`,'
  + '`spec.activeDeadlineSeconds`,'
  + '`spec.tolerations` (only additions to existing tolerations),'
  + '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** Copies each container's image from `next` when the container lists line up by name. */
function withImagesFrom(old: Container[] | undefined, next: Container[] | undefined): Container[] | undefined {
  if (!old || !next || old.length !== next.length) return old;
  return old.map((c, i) => (c.name === next[i]!.name ? { ...c, image: next[i]!.image } : c));
}

const sameToleration = (a: Toleration, b: Toleration) =>
  (a.key ?? '') === (b.key ?? '') && (a.operator ?? 'Equal') === (b.operator ?? 'Equal')
  && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');

function validateTolerationUpdate(next: Toleration[] | undefined, old: Toleration[] | undefined): FieldError[] {
  for (const o of old ?? []) {
    // An existing toleration may stay as is, or a NoExecute one may shorten its tolerationSeconds.
    const kept = (next ?? []).some((n) => sameToleration(n, o) && (n.tolerationSeconds === o.tolerationSeconds
      || (o.effect === 'NoExecute' && o.tolerationSeconds !== undefined && n.tolerationSeconds !== undefined && n.tolerationSeconds <= o.tolerationSeconds)));
    if (!kept) return [fieldErr.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

function validateDeadlineUpdate(next: number | undefined, old: number | undefined): FieldError[] {
  if (next === old || old === undefined) return [];
  if (next === undefined) return [fieldErr.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value')];
  if (next > old) return [fieldErr.invalid('spec.activeDeadlineSeconds', next, 'must be less than or equal to previous value')];
  return [];
}

export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const next = pod.spec ?? ({} as PodSpec), prev = old.spec ?? ({} as PodSpec);
  const errs = [
    ...validateDeadlineUpdate(next.activeDeadlineSeconds, prev.activeDeadlineSeconds),
    ...validateTolerationUpdate(next.tolerations, prev.tolerations),
  ];
  const grace = (prev.terminationGracePeriodSeconds ?? 0) < 0 && next.terminationGracePeriodSeconds === 1
    ? 1 : prev.terminationGracePeriodSeconds;
  const munged: PodSpec = {
    ...prev,
    containers: withImagesFrom(prev.containers, next.containers) ?? prev.containers,
    initContainers: withImagesFrom(prev.initContainers, next.initContainers),
    activeDeadlineSeconds: next.activeDeadlineSeconds,
    tolerations: next.tolerations,
    terminationGracePeriodSeconds: grace,
    // Changed only through the ephemeralcontainers subresource, which has its own checks.
    ephemeralContainers: next.ephemeralContainers,
  };
  if (!jsonEqual(munged, next)) errs.push(fieldErr.forbidden('spec', POD_UPDATE_MESSAGE));
  return errs;
}
