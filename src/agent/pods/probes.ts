/**
 * Probe workers (upstream `prober.Manager`): one loop per (running container, probe kind), waiting
 * `initialDelaySeconds`, then probing every `periodSeconds` on the injected clock.
 * - results flip after `successThreshold` successes / `failureThreshold` failures in a row; any
 *   flip calls `onChange(uid)` so the pod worker re-syncs (status, or a kill);
 * - startup: until it passes, liveness and readiness wait and the container is not `started`;
 *   once it passes its worker ends; failing it (like failing liveness) marks the container
 *   `unhealthy`, and the pod worker kills it and restarts it per restartPolicy;
 * - readiness starts failed; a container without a readiness probe is ready once started.
 * Every failed attempt records an `Unhealthy` event. Workers end when their container is no longer
 * running (`sync`) or the manager's signal aborts; `run` resolves once all have ended.
 */
import type { Logger } from 'pino';
import type { Container, Pod } from '../../api/registry/core-types.js';
import type { Clock, EventRecorder } from '../../controllers/index.js';
import type { RuntimeService } from '../cri/index.js';
import { runProbe, type ProbeSpec } from './probe-run.js';
import type { PodRuntime } from './runtime-state.js';

type Kind = 'startup' | 'liveness' | 'readiness';
const KINDS: Array<[Kind, 'startupProbe' | 'livenessProbe' | 'readinessProbe']> = [
  ['startup', 'startupProbe'], ['liveness', 'livenessProbe'], ['readiness', 'readinessProbe'],
];
const TITLE: Record<Kind, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };

interface ContainerProbes {
  uid: string;
  stop: AbortController;
  hasStartup: boolean;
  hasReadiness: boolean;
  started: boolean;
  ready: boolean;
  unhealthy?: string;
}

export interface ProbeManager {
  /** Starts workers for the pod's running containers that have probes; stops those of containers no longer running. */
  sync(pod: Pod, rt: PodRuntime, host: string): void;
  ready(containerId: string): boolean;
  started(containerId: string): boolean;
  /** Why liveness/startup failed, when the container must be killed. */
  unhealthy(containerId: string): string | undefined;
  forgetPod(uid: string): void;
  run(signal: AbortSignal): Promise<void>;
}

export interface ProbeDeps {
  cri: Pick<RuntimeService, 'execSync'>;
  clock: Clock;
  log: Logger;
  recorder: EventRecorder;
  onChange(uid: string): void;
}

export function createProbeManager(d: ProbeDeps): ProbeManager {
  const byId = new Map<string, ContainerProbes>();
  const loops = new Set<Promise<void>>();
  let root: AbortSignal | undefined;

  async function worker(pod: Pod, c: Container, id: string, host: string, kind: Kind, p: ProbeSpec, st: ContainerProbes): Promise<void> {
    const signal = st.stop.signal;
    const period = (p.periodSeconds ?? 10) * 1000;
    const successes = kind === 'readiness' ? p.successThreshold ?? 1 : 1;
    const failures = p.failureThreshold ?? 3;
    let okRun = 0;
    let failRun = 0;
    await d.clock.sleep((p.initialDelaySeconds ?? 0) * 1000, signal);
    while (!signal.aborted) {
      if (kind === 'startup' && st.started) return;
      if (kind !== 'startup' && !st.started) { await d.clock.sleep(period, signal); continue; }
      const r = await runProbe(d.cri, p, { containerId: id, container: c, host });
      if (signal.aborted) return;
      if (r.ok) { okRun++; failRun = 0; } else { failRun++; okRun = 0; }
      if (!r.ok) d.recorder.event(pod, 'Warning', 'Unhealthy', `${TITLE[kind]} probe failed: ${r.output}`);
      const before = kind === 'readiness' ? st.ready : kind === 'startup' ? st.started : !st.unhealthy;
      if (kind === 'readiness') {
        if (okRun >= successes) st.ready = true;
        else if (failRun >= failures) st.ready = false;
      } else if (kind === 'startup') {
        if (okRun >= successes) st.started = true;
        else if (failRun >= failures) st.unhealthy = `Container ${c.name} failed startup probe, will be restarted`;
      } else if (failRun >= failures) {
        st.unhealthy = `Container ${c.name} failed liveness probe, will be restarted`;
      }
      const after = kind === 'readiness' ? st.ready : kind === 'startup' ? st.started : !st.unhealthy;
      if (before !== after || st.unhealthy) d.onChange(st.uid);
      // a container marked for killing is probed no more; its next instance gets fresh workers
      if (st.unhealthy) return;
      await d.clock.sleep(period, signal);
    }
  }

  function start(pod: Pod, c: Container, id: string, host: string): void {
    const spec = c as Record<string, unknown>;
    const st: ContainerProbes = {
      uid: pod.metadata.uid ?? '', stop: new AbortController(),
      hasStartup: !!spec.startupProbe, hasReadiness: !!spec.readinessProbe, started: !spec.startupProbe, ready: false,
    };
    byId.set(id, st);
    if (root) {
      const r = root;
      const onAbort = () => st.stop.abort();
      r.addEventListener('abort', onAbort, { once: true });
      st.stop.signal.addEventListener('abort', () => r.removeEventListener('abort', onAbort), { once: true });
    }
    for (const [kind, field] of KINDS) {
      const p = spec[field] as ProbeSpec | undefined;
      if (!p) continue;
      const loop = worker(pod, c, id, host, kind, p, st).catch((err: unknown) => d.log.warn({ err, container: c.name }, 'probe worker failed'));
      loops.add(loop);
      void loop.finally(() => loops.delete(loop));
    }
  }

  const stopWhere = (pred: (id: string, st: ContainerProbes) => boolean) => {
    for (const [id, st] of byId) if (pred(id, st)) { st.stop.abort(); byId.delete(id); }
  };

  return {
    sync(pod, rt, host) {
      if (!root || root.aborted) return;
      const uid = pod.metadata.uid ?? '';
      const running = new Set(rt.containers.filter((c) => c.state === 'CONTAINER_RUNNING').map((c) => c.id));
      stopWhere((id, st) => st.uid === uid && !running.has(id));
      for (const rc of rt.containers) {
        if (!running.has(rc.id) || byId.has(rc.id)) continue;
        const c = pod.spec.containers.find((k) => k.name === rc.metadata.name);
        if (c) start(pod, c, rc.id, host);
      }
    },
    ready(id) {
      const st = byId.get(id);
      return !st ? true : st.started && (st.hasReadiness ? st.ready : true);
    },
    started: (id) => byId.get(id)?.started ?? true,
    unhealthy: (id) => byId.get(id)?.unhealthy,
    forgetPod(uid) { stopWhere((_, st) => st.uid === uid); },
    async run(signal) {
      root = signal;
      if (!signal.aborted) await new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
      stopWhere(() => true);
      while (loops.size) await Promise.all([...loops]);
    },
  };
}
