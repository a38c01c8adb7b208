/**
 * Mapping between types.ts and the decoded proto objects. The proto subset uses the same
 * camelCase names as types.ts, so most shapes pass straight through; only the places where
 * upstream wraps or nests a value (Int64Value, *StateValue, ImageSpec, PodIP, UInt64Value) need
 * code. Decoded objects come from `toObject({ defaults: true, longs: Number, enums: String })`:
 * every scalar, list and map is present, and an absent sub-message is `null`.
 */
import type {
  Container, ContainerConfig, ContainerFilter, ContainerStats, ContainerStatus, Image, PodSandbox,
  PodSandboxConfig, PodSandboxStatus, SandboxFilter,
} from './types.js';

// Decoded protobuf objects are untyped by nature; each mapper below pins the shape it reads.
export type Wire = Record<string, any>;

const wrap = (v: number | undefined) => (v === undefined ? undefined : { value: v });
const u64 = (w: Wire | null | undefined): number | undefined => (w ? Number(w.value) : undefined);

// ---- requests -------------------------------------------------------------------------------

function sandboxConfigToWire(c: PodSandboxConfig): Wire {
  const sc = c.linux?.securityContext;
  if (!sc) return c;
  return { ...c, linux: { ...c.linux, securityContext: { ...sc, runAsUser: wrap(sc.runAsUser), runAsGroup: wrap(sc.runAsGroup) } } };
}

function containerConfigToWire(c: ContainerConfig): Wire {
  const sc = c.linux?.securityContext;
  if (!sc) return c;
  return { ...c, linux: { ...c.linux, securityContext: { ...sc, runAsUser: wrap(sc.runAsUser), runAsGroup: wrap(sc.runAsGroup) } } };
}

function sandboxFilterToWire(f: SandboxFilter | undefined): Wire | undefined {
  if (!f) return undefined;
  return { id: f.id, labelSelector: f.labelSelector, state: f.state === undefined ? undefined : { state: f.state } };
}

function containerFilterToWire(f: ContainerFilter | undefined): Wire | undefined {
  if (!f) return undefined;
  return {
    id: f.id, podSandboxId: f.podSandboxId, labelSelector: f.labelSelector,
    state: f.state === undefined ? undefined : { state: f.state },
  };
}

// ---- responses ------------------------------------------------------------------------------

const meta = (m: Wire | null) => ({ name: m?.name ?? '', uid: m?.uid ?? '', namespace: m?.namespace ?? '', attempt: m?.attempt ?? 0 });
const cmeta = (m: Wire | null) => ({ name: m?.name ?? '', attempt: m?.attempt ?? 0 });

function podSandboxFromWire(w: Wire): PodSandbox {
  return {
    id: w.id, metadata: meta(w.metadata), state: w.state, createdAt: w.createdAt,
    labels: w.labels, annotations: w.annotations,
  };
}

function podSandboxStatusFromWire(w: Wire): PodSandboxStatus {
  const s: PodSandboxStatus = podSandboxFromWire(w);
  if (w.network) s.network = { ip: w.network.ip, additionalIps: w.network.additionalIps.map((p: Wire) => p.ip) };
  return s;
}

function containerFromWire(w: Wire): Container {
  return {
    id: w.id, podSandboxId: w.podSandboxId, metadata: cmeta(w.metadata), image: w.image?.image ?? '',
    imageRef: w.imageRef, state: w.state, createdAt: w.createdAt, labels: w.labels, annotations: w.annotations,
  };
}

function containerStatusFromWire(w: Wire): ContainerStatus {
  return {
    id: w.id, metadata: cmeta(w.metadata), state: w.state, createdAt: w.createdAt, startedAt: w.startedAt,
    finishedAt: w.finishedAt, exitCode: w.exitCode, image: w.image?.image ?? '', imageRef: w.imageRef,
    reason: w.reason, message: w.message, labels: w.labels, annotations: w.annotations, logPath: w.logPath,
  };
}

function containerStatsFromWire(w: Wire): ContainerStats {
  const a = w.attributes ?? {};
  const s: ContainerStats = {
    id: a.id ?? '', name: a.metadata?.name ?? '',
    timestamp: w.cpu?.timestamp || w.memory?.timestamp || w.writableLayer?.timestamp || 0,
  };
  // podSandboxId is not on the wire: containerd has no field for it in ContainerAttributes.
  const cpu = u64(w.cpu?.usageCoreNanoSeconds);
  const mem = u64(w.memory?.workingSetBytes);
  const disk = u64(w.writableLayer?.usedBytes);
  if (cpu !== undefined) s.cpuUsageCoreNanoSeconds = cpu;
  if (mem !== undefined) s.memoryWorkingSetBytes = mem;
  if (disk !== undefined) s.writableLayerUsedBytes = disk;
  return s;
}

function imageFromWire(w: Wire): Image {
  return { id: w.id, repoTags: w.repoTags, repoDigests: w.repoDigests, size: Number(w.size) };
}

function fsUsageFromWire(w: Wire): { mountpoint: string; usedBytes: number; inodesUsed: number } {
  return { mountpoint: w.fsId?.mountpoint ?? '', usedBytes: u64(w.usedBytes) ?? 0, inodesUsed: u64(w.inodesUsed) ?? 0 };
}

/** TS → wire, for request messages. */
export const toWire = {
  sandboxConfig: sandboxConfigToWire, containerConfig: containerConfigToWire,
  sandboxFilter: sandboxFilterToWire, containerFilter: containerFilterToWire,
};

/** Wire → TS, for response messages. */
export const fromWire = {
  podSandbox: podSandboxFromWire, podSandboxStatus: podSandboxStatusFromWire, container: containerFromWire,
  containerStatus: containerStatusFromWire, containerStats: containerStatsFromWire, image: imageFromWire,
  fsUsage: fsUsageFromWire,
};
