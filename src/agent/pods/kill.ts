/**
 * Stopping a pod's containers gracefully (upstream `killContainer`): for each running container,
 * in parallel, run its preStop hook (exec through CRI, httpGet to the pod, or sleep) within the
 * grace period, then `stopContainer` with what is left of it (at least 2 s, as upstream), which
 * sends SIGTERM and SIGKILL after that time. With the pod object gone (force-deleted), the hook and
 * grace period come from the container's own annotations.
 */
import type { Container, Pod } from '../../api/registry/core-types.js';
import type { Clock, EventRecorder } from '../../controllers/index.js';
import type { RuntimeService } from '../cri/index.js';
import { GRACE_PERIOD, PRESTOP_HANDLER } from './labels.js';
import { runProbe, type ProbeSpec } from './probe-run.js';
import type { RtContainer } from './runtime-state.js';

const MIN_GRACE_S = 2;

interface Handler { exec?: { command?: string[] }; httpGet?: ProbeSpec['httpGet']; sleep?: { seconds: number } }

export interface KillDeps {
  cri: Pick<RuntimeService, 'execSync' | 'stopContainer'>;
  clock: Clock;
  recorder: EventRecorder;
}

/** The grace period a deletion asks for: the deletion's own, else the pod's, else 30 s. */
export const gracePeriodOf = (pod: Pod): number =>
  pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;

function handlerOf(pod: Pod | undefined, c: RtContainer): { spec: Container; hook?: Handler } {
  const spec = pod?.spec.containers.find((k) => k.name === c.metadata.name)
    ?? pod?.spec.initContainers?.find((k) => k.name === c.metadata.name);
  if (spec) return { spec, hook: (spec.lifecycle as { preStop?: Handler } | undefined)?.preStop };
  let hook: Handler | undefined;
  try { hook = c.annotations[PRESTOP_HANDLER] ? JSON.parse(c.annotations[PRESTOP_HANDLER]) as Handler : undefined; } catch { hook = undefined; }
  return { spec: { name: c.metadata.name }, hook };
}

async function preStop(d: KillDeps, c: RtContainer, spec: Container, hook: Handler, host: string, graceS: number): Promise<string | undefined> {
  if (hook.sleep) { await d.clock.sleep(Math.min(hook.sleep.seconds, graceS) * 1000); return undefined; }
  const probe: ProbeSpec = { ...(hook.exec ? { exec: hook.exec } : {}), ...(hook.httpGet ? { httpGet: hook.httpGet } : {}), timeoutSeconds: graceS };
  const r = await runProbe(d.cri, probe, { containerId: c.id, container: spec, host });
  return r.ok ? undefined : r.output;
}

/** Stops every running container in `running`; `pod` undefined when the pod object is gone. */
export async function killContainers(d: KillDeps, pod: Pod | undefined, running: RtContainer[], o: { graceSeconds?: number; host: string; reason?: string }): Promise<void> {
  await Promise.all(running.map(async (c) => {
    const { spec, hook } = handlerOf(pod, c);
    const grace = o.graceSeconds ?? (Number(c.annotations[GRACE_PERIOD]) || 30);
    const start = d.clock.now();
    if (hook && pod) {
      const failed = await preStop(d, c, spec, hook, o.host, grace);
      if (failed) d.recorder.event(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${failed}`);
    }
    if (pod) d.recorder.event(pod, 'Normal', 'Killing', o.reason ?? `Stopping container ${c.metadata.name}`);
    const left = Math.max(MIN_GRACE_S, Math.ceil(grace - (d.clock.now() - start) / 1000));
    await d.cri.stopContainer(c.id, left);
  }));
}
