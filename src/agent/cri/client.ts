/**
 * The CRI client: RuntimeService and ImageService over one gRPC channel to a unix socket.
 * Deadlines follow kubelet's habits: a short default for bookkeeping calls, minutes for calls
 * that may pull (RunPodSandbox pulls the sandbox image; PullImage), and "the caller's timeout
 * plus slack" for calls whose duration the caller chooses (StopContainer, ExecSync).
 */
import { fromWire, toWire, type Wire } from './codec.js';
import { isNotFound } from './errors.js';
import { openCaller } from './rpc.js';
import type { ImageService, RuntimeService } from './types.js';

export interface CriClientOptions {
  /** Deadline for calls without their own (default 30 s). */
  defaultTimeoutMs?: number;
  /** Deadline for PullImage and RunPodSandbox (default 2 min). */
  pullTimeoutMs?: number;
}

export type CriClient = RuntimeService & ImageService & { close(): void };

const SLACK_MS = 30_000;

export function connectCri(socketPath: string, o: CriClientOptions = {}): CriClient {
  const { call, close } = openCaller(socketPath, o.defaultTimeoutMs ?? 30_000);
  const pullMs = o.pullTimeoutMs ?? 120_000;
  const rt = (method: string, req: Wire, opts?: { timeoutMs?: number; signal?: AbortSignal }) => call('RuntimeService', method, req, opts);
  const img = (method: string, req: Wire, opts?: { timeoutMs?: number }) => call('ImageService', method, req, opts);
  // Status/lookup calls: a missing object is an answer, not a failure.
  const orUndefined = <T>(p: Promise<T>): Promise<T | undefined> => p.catch((e: unknown) => {
    if (isNotFound(e)) return undefined;
    throw e;
  });

  const client: CriClient = {
    async version(signal) {
      const r = await rt('Version', { version: 'v1' }, { signal });
      return { runtimeName: r.runtimeName, runtimeVersion: r.runtimeVersion, runtimeApiVersion: r.runtimeApiVersion };
    },
    async status(signal) {
      const r = await rt('Status', {}, { signal });
      return { conditions: (r.status?.conditions ?? []).map((c: Wire) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })) };
    },
    async runPodSandbox(config, signal) {
      const r = await rt('RunPodSandbox', { config: toWire.sandboxConfig(config) }, { timeoutMs: pullMs, signal });
      return r.podSandboxId;
    },
    async stopPodSandbox(id) { await rt('StopPodSandbox', { podSandboxId: id }, { timeoutMs: pullMs }); },
    async removePodSandbox(id) { await rt('RemovePodSandbox', { podSandboxId: id }, { timeoutMs: pullMs }); },
    async podSandboxStatus(id) {
      const r = await orUndefined(rt('PodSandboxStatus', { podSandboxId: id }));
      return r?.status ? fromWire.podSandboxStatus(r.status) : undefined;
    },
    async listPodSandbox(filter) {
      const r = await rt('ListPodSandbox', { filter: toWire.sandboxFilter(filter) });
      return r.items.map(fromWire.podSandbox);
    },
    async createContainer(podSandboxId, config, sandboxConfig) {
      const r = await rt('CreateContainer', {
        podSandboxId, config: toWire.containerConfig(config), sandboxConfig: toWire.sandboxConfig(sandboxConfig),
      });
      return r.containerId;
    },
    async startContainer(id) { await rt('StartContainer', { containerId: id }); },
    async stopContainer(id, timeoutSeconds) {
      await rt('StopContainer', { containerId: id, timeout: timeoutSeconds }, { timeoutMs: timeoutSeconds * 1000 + SLACK_MS });
    },
    async removeContainer(id) { await rt('RemoveContainer', { containerId: id }); },
    async listContainers(filter) {
      const r = await rt('ListContainers', { filter: toWire.containerFilter(filter) });
      return r.containers.map(fromWire.container);
    },
    async containerStatus(id) {
      const r = await orUndefined(rt('ContainerStatus', { containerId: id }));
      return r?.status ? fromWire.containerStatus(r.status) : undefined;
    },
    async execSync(id, cmd, timeoutSeconds) {
      // timeout 0 means "no limit" to the runtime; still bound the RPC so a hung exec cannot pin us forever.
      const timeoutMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 + SLACK_MS : 10 * 60_000;
      const r = await rt('ExecSync', { containerId: id, cmd, timeout: timeoutSeconds }, { timeoutMs });
      return { stdout: Buffer.from(r.stdout), stderr: Buffer.from(r.stderr), exitCode: r.exitCode };
    },
    async listContainerStats(filter) {
      const r = await rt('ListContainerStats', { filter: filter?.podSandboxId ? { podSandboxId: filter.podSandboxId } : undefined });
      const stats = r.stats.map(fromWire.containerStats);
      // The wire has no sandbox id on stats; join it from ListContainers so callers can group by pod.
      const owners = new Map((await client.listContainers(filter)).map((c) => [c.id, c.podSandboxId]));
      for (const s of stats) {
        const owner = owners.get(s.id);
        if (owner) s.podSandboxId = owner;
      }
      return stats;
    },
    async exec(req) { return (await rt('Exec', req)).url; },
    async attach(req) { return (await rt('Attach', req)).url; },
    async portForward(podSandboxId, ports) { return (await rt('PortForward', { podSandboxId, port: ports })).url; },

    async listImages() { return (await img('ListImages', {})).images.map(fromWire.image); },
    async imageStatus(ref) {
      const r = await orUndefined(img('ImageStatus', { image: { image: ref } }));
      return r?.image ? fromWire.image(r.image) : undefined;
    },
    async pullImage(ref, auth, sandboxConfig) {
      const r = await img('PullImage', {
        image: { image: ref }, auth, sandboxConfig: sandboxConfig && toWire.sandboxConfig(sandboxConfig),
      }, { timeoutMs: pullMs });
      return r.imageRef;
    },
    async removeImage(ref) { await img('RemoveImage', { image: { image: ref } }); },
    async imageFsInfo() { return (await img('ImageFsInfo', {})).imageFilesystems.map(fromWire.fsUsage); },
    close,
  };
  return client;
}
