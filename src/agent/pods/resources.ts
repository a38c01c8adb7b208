/**
 * Container resources and security settings as CRI wants them (upstream `kuberuntime_container_linux.go`):
 * - cpu limit → CFS quota over a 100 ms period (min 1 ms); cpu request → shares = milliCPU·1024/1000
 *   (min 2, so BestEffort containers still get a little); memory limit → memoryLimitInBytes;
 * - oomScoreAdj by QoS class (containerd clamps negative values here: `restrict_oom_score_adj`);
 * - securityContext: the container's fields override the pod's.
 */
import type { Container, Pod, ResourceList } from '../../api/registry/core-types.js';
import { parseQuantity } from '../../api/validation/quantity.js';
import type { LinuxContainerResources, LinuxContainerSecurityContext, NamespaceOptions } from '../cri/index.js';

export const CPU_PERIOD = 100_000;
const MIN_QUOTA = 1000;
const MIN_SHARES = 2;

const milli = (q: string | number | undefined) => (q === undefined ? undefined : Math.ceil((parseQuantity(q) ?? 0) * 1000));
const bytes = (q: string | number | undefined) => (q === undefined ? undefined : Math.ceil(parseQuantity(q) ?? 0));

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** The pod's QoS class: what the API server stored at creation, else computed the same way. */
export function qosClassOf(pod: Pod): QosClass {
  const stored = pod.status?.qosClass;
  if (stored === 'Guaranteed' || stored === 'Burstable' || stored === 'BestEffort') return stored;
  const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const has = (l: ResourceList | undefined, k: string) => l?.[k] !== undefined;
  if (all.every((c) => !['cpu', 'memory'].some((k) => has(c.resources?.requests, k) || has(c.resources?.limits, k)))) return 'BestEffort';
  const guaranteed = all.every((c) => ['cpu', 'memory'].every((k) => {
    const lim = c.resources?.limits?.[k];
    const req = c.resources?.requests?.[k] ?? lim;
    return lim !== undefined && parseQuantity(lim) === parseQuantity(req!);
  }));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Upstream `GetContainerOOMScoreAdjust`: Guaranteed −997, BestEffort 1000, Burstable by memory request. */
function oomScoreAdj(qos: QosClass, c: Container, memoryCapacity: number): number {
  if (qos === 'Guaranteed') return -997;
  if (qos === 'BestEffort') return 1000;
  const req = bytes(c.resources?.requests?.memory) ?? 0;
  const adj = 1000 - Math.floor((1000 * req) / Math.max(1, memoryCapacity));
  return Math.min(999, Math.max(2, adj));
}

export function linuxResources(pod: Pod, c: Container, memoryCapacity: number): LinuxContainerResources {
  const limits = c.resources?.limits ?? {};
  const requests = c.resources?.requests ?? {};
  const cpuLimit = milli(limits.cpu);
  const cpuRequest = milli(requests.cpu) ?? cpuLimit;
  const memLimit = bytes(limits.memory);
  const r: LinuxContainerResources = {
    cpuShares: Math.max(MIN_SHARES, Math.floor(((cpuRequest ?? 0) * 1024) / 1000)),
    oomScoreAdj: oomScoreAdj(qosClassOf(pod), c, memoryCapacity),
  };
  if (cpuLimit !== undefined) {
    r.cpuPeriod = CPU_PERIOD;
    r.cpuQuota = Math.max(MIN_QUOTA, Math.floor((cpuLimit * CPU_PERIOD) / 1000));
  }
  if (memLimit !== undefined) r.memoryLimitInBytes = memLimit;
  return r;
}

interface SecurityContext {
  runAsUser?: number; runAsGroup?: number; readOnlyRootFilesystem?: boolean; privileged?: boolean;
  allowPrivilegeEscalation?: boolean; capabilities?: { add?: string[]; drop?: string[] }; supplementalGroups?: number[];
}

export function containerSecurity(pod: Pod, c: Container, ns: NamespaceOptions): LinuxContainerSecurityContext {
  const podSc = (pod.spec.securityContext ?? {}) as SecurityContext;
  const sc = (c.securityContext ?? {}) as SecurityContext;
  const out: LinuxContainerSecurityContext = { namespaceOptions: ns };
  const user = sc.runAsUser ?? podSc.runAsUser;
  const group = sc.runAsGroup ?? podSc.runAsGroup;
  if (user !== undefined) out.runAsUser = user;
  if (group !== undefined) out.runAsGroup = group;
  if (podSc.supplementalGroups?.length) out.supplementalGroups = podSc.supplementalGroups;
  if (sc.readOnlyRootFilesystem) out.readonlyRootfs = true;
  if (sc.privileged) out.privileged = true;
  if (sc.allowPrivilegeEscalation === false) out.noNewPrivs = true;
  if (sc.capabilities?.add?.length || sc.capabilities?.drop?.length) {
    out.capabilities = { addCapabilities: sc.capabilities.add ?? [], dropCapabilities: sc.capabilities.drop ?? [] };
  }
  return out;
}

/** Pod-level namespaces: network on the node or the pod's own; pid shared only on request. */
export function namespaceOptions(pod: Pod, hostNet: boolean): NamespaceOptions {
  return {
    network: hostNet ? 'NODE' : 'POD',
    pid: pod.spec.hostPID ? 'NODE' : pod.spec.shareProcessNamespace ? 'POD' : 'CONTAINER',
    ipc: pod.spec.hostIPC ? 'NODE' : 'POD',
  };
}
