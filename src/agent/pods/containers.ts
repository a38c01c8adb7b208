/**
 * Starting one container (upstream `startContainer`): make its image present, build its CRI config
 * from the spec, create, start. Each step's failure becomes the waiting reason the status shows:
 * ErrImagePull/ImagePullBackOff/ErrImageNeverPull (images.ts), CreateContainerConfigError (env,
 * mounts), CreateContainerError, RunContainerError.
 */
import { mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import type { Container, Pod } from '../../api/registry/core-types.js';
import type { EventRecorder } from '../../controllers/index.js';
import type { ContainerConfig, Mount, PodSandboxConfig, RuntimeService } from '../cri/index.js';
import type { DownwardContext } from '../volumes/index.js';
import { ConfigError, containerEnv, expand, toKeyValues, type EnvObjects } from './env.js';
import { ensureImage, ImageError, type ImageDeps } from './images.js';
import { containerAnnotations, containerLabels } from './labels.js';
import { containerSecurity, linuxResources } from './resources.js';

export class StartError extends Error {
  constructor(readonly reason: string, message: string) { super(message); }
}

async function mountsFor(c: Container, volumes: ReadonlyMap<string, string>): Promise<Mount[]> {
  const out: Mount[] = [];
  for (const m of c.volumeMounts ?? []) {
    const base = volumes.get(m.name);
    if (!base) throw new ConfigError(`cannot find volume "${m.name}" to mount into container "${c.name}"`);
    let hostPath = base;
    if (m.subPath) {
      if (isAbsolute(m.subPath) || m.subPath.split('/').includes('..')) throw new ConfigError(`invalid subPath ${JSON.stringify(m.subPath)}`);
      hostPath = join(base, m.subPath);
      // a missing subPath becomes a directory (upstream); one that escapes the volume is refused
      await mkdir(hostPath, { recursive: true }).catch(() => undefined);
      const [real, realBase] = await Promise.all([realpath(hostPath), realpath(base)]);
      if (real !== realBase && !real.startsWith(realBase + sep)) throw new ConfigError(`subPath ${m.subPath} escapes volume ${m.name}`);
      hostPath = real;
    }
    out.push({ containerPath: m.mountPath, hostPath, readonly: !!m.readOnly });
  }
  return out;
}

export interface ConfigInputs {
  x: DownwardContext;
  objects: EnvObjects;
  volumes: ReadonlyMap<string, string>;
  restartCount: number;
  namespaceOptions: NonNullable<ReturnType<typeof containerSecurity>['namespaceOptions']>;
  memoryCapacity: number;
  /** The pod's managed hosts file (pods on the pod network), mounted at /etc/hosts unless the container mounts its own. */
  etcHosts?: string;
}

export async function containerConfig(pod: Pod, c: Container, o: ConfigInputs): Promise<ContainerConfig> {
  const env = await containerEnv(c, o.x, o.objects);
  const cfg: ContainerConfig = {
    metadata: { name: c.name, attempt: o.restartCount },
    image: { image: c.image ?? '' },
    envs: toKeyValues(env),
    mounts: await mountsFor(c, o.volumes),
    labels: containerLabels(pod, c),
    annotations: containerAnnotations(pod, c, o.restartCount),
    logPath: `${c.name}/${o.restartCount}.log`,
    linux: { resources: linuxResources(pod, c, o.memoryCapacity), securityContext: containerSecurity(pod, c, o.namespaceOptions) },
  };
  if (o.etcHosts && !cfg.mounts?.some((m) => m.containerPath === '/etc/hosts')) cfg.mounts!.push({ containerPath: '/etc/hosts', hostPath: o.etcHosts });
  if (c.command?.length) cfg.command = c.command.map((s) => expand(s, env));
  if (c.args?.length) cfg.args = c.args.map((s) => expand(s, env));
  if (typeof c.workingDir === 'string' && c.workingDir) cfg.workingDir = c.workingDir;
  if (c.stdin) cfg.stdin = true;
  if (c.stdinOnce) cfg.stdinOnce = true;
  if (c.tty) cfg.tty = true;
  return cfg;
}

export interface StartDeps {
  cri: Pick<RuntimeService, 'createContainer' | 'startContainer'>;
  image: ImageDeps;
  recorder: EventRecorder;
}

/** Pulls, creates and starts; resolves with the new container id. Throws `StartError`. */
export async function startContainer(d: StartDeps, pod: Pod, c: Container, sandbox: { id: string; config: PodSandboxConfig }, o: ConfigInputs): Promise<string> {
  try {
    await ensureImage(d.image, pod, c);
  } catch (e) {
    if (e instanceof ImageError) throw new StartError(e.reason, e.message);
    throw e;
  }
  let cfg: ContainerConfig;
  try {
    cfg = await containerConfig(pod, c, o);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    d.recorder.event(pod, 'Warning', 'Failed', `Error: ${msg}`);
    throw new StartError('CreateContainerConfigError', msg);
  }
  let id: string;
  try {
    id = await d.cri.createContainer(sandbox.id, cfg, sandbox.config);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    d.recorder.event(pod, 'Warning', 'Failed', `Error: ${msg}`);
    throw new StartError('CreateContainerError', msg);
  }
  d.recorder.event(pod, 'Normal', 'Created', `Created container ${c.name}`);
  try {
    await d.cri.startContainer(id);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    d.recorder.event(pod, 'Warning', 'Failed', `Error: ${msg}`);
    throw new StartError('RunContainerError', msg);
  }
  d.recorder.event(pod, 'Normal', 'Started', `Started container ${c.name}`);
  return id;
}
