/**
 * An in-memory CRI for unit tests of the pod sync loop. It passes the same contract suite as
 * containerd (test/unit/agent/cri/contract.ts), so its state machine and error codes follow what
 * containerd 1.6.20 did when probed: Stop* are no-ops on stopped objects but NOT_FOUND on unknown
 * ids, Remove* of unknown ids succeed, RemovePodSandbox force-stops a ready sandbox, stop(0) ends
 * a container with 137 (a graceful stop of a shell with 143), *Status of an unknown id is
 * `undefined`. Only ContainerStatus shows the resolved image name; ListContainers shows it as asked.
 * Processes are scripted: `onStart` may end a container at once (crash loops, OOM), `exitContainer`
 * ends one later, `onExec` answers ExecSync, `failNext` injects one error.
 */
import { createHash } from 'node:crypto';
import type { CriClient } from './client.js';
import { CriError } from './errors.js';
import { createFakeImages } from './fake-images.js';
import type {
  ContainerConfig, ContainerState, ContainerStatus, ImageService, PodSandboxConfig, PodSandboxStatus, RuntimeService,
} from './types.js';

export interface ProcessExit { exitCode: number; reason?: string; message?: string }

export interface FakeCriOptions {
  /** Wall clock in ms (timestamps are reported in ns). */
  now?: () => number;
  /** Images present from the start, e.g. `['busybox:1.35']`. */
  images?: string[];
  /** Which (normalised) refs a pull can fetch; default: all. */
  pullable?: (ref: string) => boolean;
  /** Called on StartContainer; returning an exit ends the container immediately. */
  onStart?: (config: ContainerConfig, id: string) => ProcessExit | undefined;
  /** Answers ExecSync; default: empty output, exit 0. */
  onExec?: (id: string, cmd: string[]) => { stdout?: string; stderr?: string; exitCode?: number };
}

type Method = keyof RuntimeService | keyof ImageService;

export interface FakeCri extends CriClient {
  /** Ends a running container as if its process exited (reason defaults like containerd's). */
  exitContainer(id: string, exit: ProcessExit): void;
  /** The next call of `method` rejects with `err` (once). */
  failNext(method: Method, err: CriError): void;
  /** Every call so far, with its first argument when that is an id or ref, for asserting exact writes. */
  calls(): Array<{ method: Method; arg?: string }>;
}

interface Sandbox { status: PodSandboxStatus; config: PodSandboxConfig }
interface Ctr { status: ContainerStatus; podSandboxId: string; config: ContainerConfig }

// A stop with no grace period is a SIGKILL (137); with one, a shell-like process dies of the SIGTERM (143).
const KILLED: ProcessExit = { exitCode: 137, reason: 'Error' };
const TERMINATED: ProcessExit = { exitCode: 143, reason: 'Error' };
const matches = (have: Record<string, string>, want?: Record<string, string>) =>
  Object.entries(want ?? {}).every(([k, v]) => have[k] === v);

export function createFakeCri(o: FakeCriOptions = {}): FakeCri {
  const now = () => (o.now ?? Date.now)() * 1e6;
  const images = createFakeImages(o);
  const sandboxes = new Map<string, Sandbox>();
  const containers = new Map<string, Ctr>();
  const log: Array<{ method: Method; arg?: string }> = [];
  const failures = new Map<Method, CriError>();
  let seq = 0;
  // containerd ids are 64 hex chars; derive them from a counter so runs are reproducible.
  const newId = (kind: string) => createHash('sha256').update(`${kind}-${++seq}`).digest('hex');

  const enter = (method: Method, arg?: unknown) => {
    log.push(typeof arg === 'string' ? { method, arg } : { method });
    const err = failures.get(method);
    if (err) {
      failures.delete(method);
      throw err;
    }
  };
  const notFound = (method: string, what: string, id: string) => new CriError('NOT_FOUND', `${what} "${id}": not found`, method);
  const getSandbox = (method: string, id: string) => {
    const s = sandboxes.get(id);
    if (!s) throw notFound(method, 'an error occurred when try to find sandbox', id);
    return s;
  };
  const getContainer = (method: string, id: string) => {
    const c = containers.get(id);
    if (!c) throw notFound(method, 'an error occurred when try to find container', id);
    return c;
  };
  const finish = (c: Ctr, exit: ProcessExit) => {
    if (c.status.state !== 'CONTAINER_RUNNING') return;
    c.status.state = 'CONTAINER_EXITED';
    c.status.finishedAt = now();
    c.status.exitCode = exit.exitCode;
    c.status.reason = exit.reason ?? (exit.exitCode === 0 ? 'Completed' : 'Error');
    c.status.message = exit.message ?? '';
  };
  const requireRunning = (method: string, c: Ctr) => {
    if (c.status.state !== 'CONTAINER_RUNNING') {
      throw new CriError('UNKNOWN', `container is in ${c.status.state} state`, method);
    }
  };

  const runtime: RuntimeService = {
    async version(signal) {
      enter('version');
      signal?.throwIfAborted();
      return { runtimeName: 'fake', runtimeVersion: '0.0.0', runtimeApiVersion: 'v1' };
    },
    async status(signal) {
      enter('status');
      signal?.throwIfAborted();
      return { conditions: [{ type: 'RuntimeReady', status: true }, { type: 'NetworkReady', status: true }] };
    },
    async runPodSandbox(config, signal) {
      enter('runPodSandbox', config.metadata.name);
      signal?.throwIfAborted();
      const m = config.metadata;
      for (const s of sandboxes.values()) {
        const n = s.status.metadata;
        if (n.name === m.name && n.namespace === m.namespace && n.uid === m.uid && (n.attempt ?? 0) === (m.attempt ?? 0)) {
          throw new CriError('UNKNOWN', `failed to reserve sandbox name "${m.name}_${m.namespace}_${m.uid}_${m.attempt ?? 0}": name is reserved`, 'RunPodSandbox');
        }
      }
      const id = newId('sandbox');
      const hostNet = config.linux?.securityContext?.namespaceOptions?.network === 'NODE';
      sandboxes.set(id, {
        config: structuredClone(config),
        status: {
          id, metadata: { ...m, attempt: m.attempt ?? 0 }, state: 'SANDBOX_READY', createdAt: now(),
          labels: { ...config.labels }, annotations: { ...config.annotations },
          network: { ip: hostNet ? '' : `10.88.0.${(seq % 250) + 2}`, additionalIps: [] },
        },
      });
      return id;
    },
    async stopPodSandbox(id) {
      enter('stopPodSandbox', id);
      const s = getSandbox('StopPodSandbox', id);
      for (const c of containers.values()) if (c.podSandboxId === id) finish(c, KILLED);
      s.status.state = 'SANDBOX_NOTREADY';
    },
    async removePodSandbox(id) {
      enter('removePodSandbox', id);
      if (!sandboxes.has(id)) return;
      // containerd 1.6 force-stops a ready sandbox here rather than refusing.
      for (const [cid, c] of containers) if (c.podSandboxId === id) containers.delete(cid);
      sandboxes.delete(id);
    },
    async podSandboxStatus(id) {
      enter('podSandboxStatus', id);
      const s = sandboxes.get(id);
      return s && structuredClone(s.status);
    },
    async listPodSandbox(f) {
      enter('listPodSandbox');
      return [...sandboxes.values()]
        .filter((s) => (!f?.id || s.status.id === f.id) && (!f?.state || s.status.state === f.state) && matches(s.status.labels, f?.labelSelector))
        .map(({ status: { network: _n, ...rest } }) => structuredClone(rest));
    },
    async createContainer(podSandboxId, config) {
      enter('createContainer', podSandboxId);
      const s = getSandbox('CreateContainer', podSandboxId);
      if (s.status.state !== 'SANDBOX_READY') throw new CriError('NOT_FOUND', `failed to get sandbox container task: no running task found: task ${podSandboxId} not found`, 'CreateContainer');
      const img = images.resolve(config.image.image);
      if (!img) throw new CriError('NOT_FOUND', `failed to get image "${config.image.image}": not found`, 'CreateContainer');
      const attempt = config.metadata.attempt ?? 0;
      for (const c of containers.values()) {
        if (c.podSandboxId === podSandboxId && c.status.metadata.name === config.metadata.name && (c.status.metadata.attempt ?? 0) === attempt) {
          throw new CriError('UNKNOWN', `failed to reserve container name "${config.metadata.name}": name is reserved`, 'CreateContainer');
        }
      }
      const id = newId('container');
      containers.set(id, {
        podSandboxId, config: structuredClone(config),
        status: {
          id, metadata: { name: config.metadata.name, attempt }, state: 'CONTAINER_CREATED', createdAt: now(),
          startedAt: 0, finishedAt: 0, exitCode: 0, image: img.repoTags[0] ?? config.image.image, imageRef: img.id, reason: '', message: '',
          labels: { ...config.labels }, annotations: { ...config.annotations },
          logPath: `${s.config.logDirectory.replace(/\/$/, '')}/${config.logPath}`,
        },
      });
      return id;
    },
    async startContainer(id) {
      enter('startContainer', id);
      const c = getContainer('StartContainer', id);
      if (c.status.state !== 'CONTAINER_CREATED') throw new CriError('UNKNOWN', `container is in ${c.status.state} state`, 'StartContainer');
      if (sandboxes.get(c.podSandboxId)?.status.state !== 'SANDBOX_READY') {
        throw new CriError('UNKNOWN', `sandbox container "${c.podSandboxId}" is not running`, 'StartContainer');
      }
      c.status.state = 'CONTAINER_RUNNING';
      c.status.startedAt = now();
      const exit = o.onStart?.(structuredClone(c.config), id);
      if (exit) finish(c, exit);
    },
    async stopContainer(id, timeoutSeconds) {
      enter('stopContainer', id);
      finish(getContainer('StopContainer', id), timeoutSeconds > 0 ? TERMINATED : KILLED);
    },
    async removeContainer(id) {
      enter('removeContainer', id);
      containers.delete(id); // running ones are killed first by the runtime; gone either way
    },
    async listContainers(f) {
      enter('listContainers');
      return [...containers.values()]
        .filter((c) => (!f?.id || c.status.id === f.id) && (!f?.podSandboxId || c.podSandboxId === f.podSandboxId)
          && (!f?.state || c.status.state === f.state) && matches(c.status.labels, f?.labelSelector))
        .map(({ status: s, podSandboxId, config }) => ({
          // List shows the image as the caller wrote it, status shows the resolved name (as containerd does).
          id: s.id, podSandboxId, metadata: { ...s.metadata }, image: config.image.image, imageRef: s.imageRef,
          state: s.state as ContainerState, createdAt: s.createdAt, labels: { ...s.labels }, annotations: { ...s.annotations },
        }));
    },
    async containerStatus(id) {
      enter('containerStatus', id);
      const c = containers.get(id);
      return c && structuredClone(c.status);
    },
    async execSync(id, cmd) {
      enter('execSync', id);
      requireRunning('ExecSync', getContainer('ExecSync', id));
      const r = o.onExec?.(id, cmd) ?? {};
      return { stdout: Buffer.from(r.stdout ?? ''), stderr: Buffer.from(r.stderr ?? ''), exitCode: r.exitCode ?? 0 };
    },
    async listContainerStats(f) {
      enter('listContainerStats');
      const t = now();
      // Like containerd: every container is listed, only running ones carry CPU/memory samples.
      return [...containers.values()]
        .filter((c) => !f?.podSandboxId || c.podSandboxId === f.podSandboxId)
        .map((c) => {
          const base = { id: c.status.id, name: c.status.metadata.name, podSandboxId: c.podSandboxId, writableLayerUsedBytes: 0 };
          if (c.status.state !== 'CONTAINER_RUNNING') return { ...base, timestamp: 0 };
          return { ...base, timestamp: t, cpuUsageCoreNanoSeconds: Math.max(1, t - c.status.startedAt), memoryWorkingSetBytes: 1 << 20 };
        });
    },
    async exec(req) {
      enter('exec', req.containerId);
      requireRunning('Exec', getContainer('Exec', req.containerId));
      return `http://127.0.0.1:0/exec/${newId('token').slice(0, 8)}`;
    },
    async attach(req) {
      enter('attach', req.containerId);
      requireRunning('Attach', getContainer('Attach', req.containerId));
      return `http://127.0.0.1:0/attach/${newId('token').slice(0, 8)}`;
    },
    async portForward(podSandboxId) {
      enter('portForward', podSandboxId);
      getSandbox('PortForward', podSandboxId);
      return `http://127.0.0.1:0/portforward/${newId('token').slice(0, 8)}`;
    },
  };

  const imageApi: ImageService = {
    async listImages() { enter('listImages'); return images.listImages(); },
    async imageStatus(ref) { enter('imageStatus', ref); return images.imageStatus(ref); },
    async pullImage(ref, auth, sc) { enter('pullImage', ref); return images.pullImage(ref, auth, sc); },
    async removeImage(ref) { enter('removeImage', ref); return images.removeImage(ref); },
    async imageFsInfo() { enter('imageFsInfo'); return images.imageFsInfo(); },
  };

  return {
    ...runtime,
    ...imageApi,
    close() {},
    exitContainer(id, exit) { finish(getContainer('exitContainer', id), exit); },
    failNext(method, err) { failures.set(method, err); },
    calls: () => log.map((c) => ({ ...c })),
  };
}
