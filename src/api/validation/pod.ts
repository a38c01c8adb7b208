/**
 * Pod validation (apis/core/validation `ValidatePodSpec`, `ValidatePodCreate`, `ValidatePodUpdate`).
 * `validatePodSpec` / `validatePodTemplateSpec` are shared with workload kinds (apps, batch).
 * Field paths follow upstream: `spec.containers[0].image`, `spec.volumes[1].name`.
 */
import { fieldErr } from '../errors.js';
import type { Container, Pod, PodSpec, PodTemplateSpec, Toleration } from '../registry/core-types.js';
import type { FieldError } from '../types/index.js';
import { validateContainer } from './core-container.js';
import { validatePodUpdate } from './core-pod-update.js';
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './names.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Label map checks shared by pod templates and node selectors. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of qualifiedName(k)) errs.push(fieldErr.invalid(path, k, m));
    if (typeof v !== 'string') errs.push(fieldErr.typeInvalid(`${path}[${k}]`, v, 'must be a string'));
    else for (const m of labelValue(v)) errs.push(fieldErr.invalid(`${path}[${k}]`, v, m));
  }
  return errs;
}

function validateVolumes(spec: PodSpec, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    const vp = `${path}.volumes[${i}]`;
    if (!v.name) errs.push(fieldErr.required(`${vp}.name`));
    else {
      for (const m of dns1123Label(v.name)) errs.push(fieldErr.invalid(`${vp}.name`, v.name, m));
      if (names.has(v.name)) errs.push(fieldErr.duplicate(`${vp}.name`, v.name));
      names.add(v.name);
    }
    // Every field besides `name` is a volume source; the schema rejects unknown ones.
    const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined && v[k] !== null);
    if (sources.length === 0) errs.push(fieldErr.required(vp, 'must specify a volume type'));
    for (const s of sources.slice(1)) errs.push(fieldErr.forbidden(`${vp}.${s}`, 'may not specify more than 1 volume type'));
  });
  return { errs, names };
}

function validateTolerations(tolerations: Toleration[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const tp = `${path}[${i}]`;
    if (t.key) for (const m of qualifiedName(t.key)) errs.push(fieldErr.invalid(`${tp}.key`, t.key, m));
    const op = t.operator ?? 'Equal';
    if (!TOLERATION_OPERATORS.includes(op)) errs.push(fieldErr.notSupported(`${tp}.operator`, op, TOLERATION_OPERATORS));
    if (!t.key && op !== 'Exists') errs.push(fieldErr.invalid(`${tp}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (op === 'Exists' && t.value) errs.push(fieldErr.invalid(`${tp}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(fieldErr.notSupported(`${tp}.effect`, t.effect, TAINT_EFFECTS));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(fieldErr.invalid(`${tp}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
  });
  return errs;
}

function validateContainerLists(spec: PodSpec, path: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.containers?.length) errs.push(fieldErr.required(`${path}.containers`));
  const seen = new Set<string>();
  const check = (list: Container[] | undefined, field: string, init: boolean) => (list ?? []).forEach((c, i) => {
    const cp = `${path}.${field}[${i}]`;
    errs.push(...validateContainer(c, cp, volumes));
    if (c.name && seen.has(c.name)) errs.push(fieldErr.duplicate(`${cp}.name`, c.name));
    if (c.name) seen.add(c.name);
    // Only init containers may set a restart policy, and only Always (sidecars).
    if (c.restartPolicy !== undefined && !init) errs.push(fieldErr.forbidden(`${cp}.restartPolicy`, 'may not be set for non-init containers'));
    if (c.restartPolicy !== undefined && init && c.restartPolicy !== 'Always') errs.push(fieldErr.notSupported(`${cp}.restartPolicy`, c.restartPolicy, ['Always']));
  });
  check(spec.initContainers, 'initContainers', true);
  check(spec.containers, 'containers', false);
  check(spec.ephemeralContainers, 'ephemeralContainers', false);
  return errs;
}

/** Validates a PodSpec at `path` (e.g. `spec` for a Pod, `spec.template.spec` for a Deployment). */
export function validatePodSpec(spec: PodSpec, path: string): FieldError[] {
  const { errs, names } = validateVolumes(spec, path);
  errs.push(...validateContainerLists(spec, path, names));
  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(spec.restartPolicy)) {
    errs.push(fieldErr.notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(fieldErr.notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (spec.activeDeadlineSeconds !== undefined && !(Number.isInteger(spec.activeDeadlineSeconds) && spec.activeDeadlineSeconds >= 1 && spec.activeDeadlineSeconds <= 2147483647)) {
    errs.push(fieldErr.invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  for (const f of ['hostname', 'subdomain'] as const) {
    const v = spec[f];
    if (v) for (const m of dns1123Label(v)) errs.push(fieldErr.invalid(`${path}.${f}`, v, m));
  }
  if (spec.serviceAccountName) for (const m of dns1123Subdomain(spec.serviceAccountName)) errs.push(fieldErr.invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m));
  return errs;
}

/** Validates a PodTemplateSpec at `path` (e.g. `spec.template`): its labels and `<path>.spec`. */
export function validatePodTemplateSpec(t: PodTemplateSpec, path: string): FieldError[] {
  return [
    ...validateLabels(t.metadata?.labels, `${path}.metadata.labels`),
    ...validatePodSpec(t.spec ?? ({} as PodSpec), `${path}.spec`),
  ];
}

/** The registry's `validate` hook for pods: create rules, plus update rules when `old` is set. */
export function validatePod(pod: Pod, old?: Pod): FieldError[] {
  const errs = validatePodSpec(pod.spec ?? ({} as PodSpec), 'spec');
  if (!old && pod.spec?.ephemeralContainers?.length) errs.push(fieldErr.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (old) errs.push(...validatePodUpdate(pod, old));
  return errs;
}
