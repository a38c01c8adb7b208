/**
 * The actual state of one pod, read from the CRI by the pod's uid label: its sandboxes and every
 * container instance (with full status: exit code, reason, times), newest first. This is all the
 * agent knows about a pod's past, so a restarted agent sees exactly what it saw before.
 */
import type { ContainerStatus, PodSandbox, RuntimeService } from '../cri/index.js';
import { POD_UID } from './labels.js';

export interface RtContainer extends ContainerStatus { podSandboxId: string }
export interface PodRuntime { sandboxes: PodSandbox[]; containers: RtContainer[] }

const newestFirst = <T extends { createdAt: number; metadata: { attempt?: number } }>(a: T, b: T) =>
  b.createdAt - a.createdAt || (b.metadata.attempt ?? 0) - (a.metadata.attempt ?? 0);

export async function readPodRuntime(cri: Pick<RuntimeService, 'listPodSandbox' | 'listContainers' | 'containerStatus'>, uid: string): Promise<PodRuntime> {
  const sel = { labelSelector: { [POD_UID]: uid } };
  const [sandboxes, list] = await Promise.all([cri.listPodSandbox(sel), cri.listContainers(sel)]);
  const containers: RtContainer[] = [];
  for (const c of list) {
    const s = await cri.containerStatus(c.id);
    if (s) containers.push({ ...s, podSandboxId: c.podSandboxId });
  }
  return { sandboxes: sandboxes.sort(newestFirst), containers: containers.sort(newestFirst) };
}

/** The newest instance of a container, optionally only within one sandbox. */
export const latestOf = (rt: PodRuntime, name: string, sandboxId?: string): RtContainer | undefined =>
  rt.containers.find((c) => c.metadata.name === name && (sandboxId === undefined || c.podSandboxId === sandboxId));

/** The instance before `cur` (what lastState reports). */
export const previousOf = (rt: PodRuntime, cur: RtContainer): RtContainer | undefined =>
  rt.containers.find((c) => c.metadata.name === cur.metadata.name && c.id !== cur.id && c.createdAt <= cur.createdAt);

export const readySandbox = (rt: PodRuntime): PodSandbox | undefined => rt.sandboxes.find((s) => s.state === 'SANDBOX_READY');

export const isRunning = (c: RtContainer | undefined) => c?.state === 'CONTAINER_RUNNING';
export const isExited = (c: RtContainer | undefined) => c?.state === 'CONTAINER_EXITED';
/** CRI times are nanoseconds since the epoch. */
export const nsToMs = (ns: number) => Math.floor(ns / 1e6);
