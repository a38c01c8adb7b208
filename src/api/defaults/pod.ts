/**
 * Pod defaulting, in place and idempotent. `defaultPodSpec` is upstream's `SetDefaults_PodSpec` plus
 * container defaults and is shared by every kind embedding a pod template (apps, batch). What upstream
 * does in admission for pods only (ServiceAccount, Priority, DefaultTolerationSeconds) lives in
 * `defaultPod`, so templates stay as the user wrote them.
 */
import type { Container, Pod, PodSpec, PodTemplateSpec, Probe, ResourceList, Volume } from '../registry/core-types.js';
import { parseQuantity } from '../validation/quantity.js';

const FILE_MODE_0644 = 420;
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const DEFAULT_TOLERATION_SECONDS = 300;

/** `Always` for `:latest` or untagged images, else `IfNotPresent` (digests count as tagged). */
function pullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon < 0 || lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) { p.httpGet.path ??= '/'; p.httpGet.scheme ??= 'HTTP'; }
}

function defaultContainer(c: Container): void {
  c.imagePullPolicy ??= pullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

function defaultVolume(v: Volume): void {
  const src = v as Record<string, Record<string, unknown> | undefined>;
  if (src.configMap) src.configMap.defaultMode ??= FILE_MODE_0644;
  if (src.secret) src.secret.defaultMode ??= FILE_MODE_0644;
  if (src.downwardAPI) src.downwardAPI.defaultMode ??= FILE_MODE_0644;
  if (src.projected) src.projected.defaultMode ??= FILE_MODE_0644;
  if (src.hostPath) src.hostPath.type ??= '';
}

export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

export function defaultPodTemplateSpec(t: PodTemplateSpec): void {
  if (t.spec) defaultPodSpec(t.spec);
}

/** The DefaultTolerationSeconds admission: tolerate not-ready/unreachable nodes for 5 minutes. */
function defaultTolerations(spec: PodSpec): void {
  const tolerations = (spec.tolerations ??= []);
  for (const key of [NOT_READY, UNREACHABLE]) {
    const covered = tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
}

export function defaultPod(pod: Pod): void {
  if (!pod.spec) return;
  const spec = pod.spec;
  defaultPodSpec(spec);
  // ServiceAccount admission; the deprecated alias mirrors it as the API server's conversion does.
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  // Priority admission with no PriorityClass objects: everything runs at priority 0.
  if (!spec.priorityClassName) spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  defaultTolerations(spec);
}

/**
 * The QoS class (upstream `GetPodQOS`): BestEffort without any cpu/memory requests or limits,
 * Guaranteed when every container limits both and requests equal limits, else Burstable.
 */
function qosClass(spec: PodSpec): string {
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const pick = (l: ResourceList | undefined) => Object.entries(l ?? {}).filter(([k]) => k === 'cpu' || k === 'memory');
  if (all.every((c) => !pick(c.resources?.requests).length && !pick(c.resources?.limits).length)) return 'BestEffort';
  const guaranteed = all.every((c) => {
    const limits = Object.fromEntries(pick(c.resources?.limits));
    if (limits.cpu === undefined || limits.memory === undefined) return false;
    // Requests default to limits, so only explicit, different requests break Guaranteed.
    return pick(c.resources?.requests).every(([k, v]) => parseQuantity(v) === parseQuantity(limits[k]!));
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** A new pod starts Pending with its QoS class; the node agent owns the status from then on. */
export function preparePodForCreate(pod: Pod): void {
  pod.status = { phase: 'Pending', qosClass: qosClass(pod.spec ?? { containers: [] }) };
}
