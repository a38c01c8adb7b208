/**
 * The baseline half of the pods bench: the same busybox pod started straight through the CRI on a
 * private test containerd (RunPodSandbox + CreateContainer + StartContainer, host network), which
 * is the floor any kubelet-like agent stands on. Pods are stopped and removed after the timing.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { connectCri, type PodSandboxConfig } from '../src/agent/cri/index.js';
import type { TestContainerd } from '../test/e2e/helpers/cri-containerd.js';

export interface CriRun { latenciesMs: number[]; errors: string[] }

export async function criStarts(ctd: TestContainerd, image: string, count: number): Promise<CriRun> {
  const cri = connectCri(ctd.socket);
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  const sandboxes: string[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const name = `cri-${i}`;
      const cfg: PodSandboxConfig = {
        metadata: { name, uid: `uid-${name}`, namespace: 'default' },
        logDirectory: path.join(ctd.dir, 'pods', name),
        linux: { cgroupParent: `${ctd.cgroupParent}/pod-${name}`, securityContext: { namespaceOptions: { network: 'NODE' } } },
      };
      const t0 = performance.now();
      try {
        const pod = await cri.runPodSandbox(cfg);
        ctd.trackSandbox(pod);
        sandboxes.push(pod);
        const id = await cri.createContainer(pod, {
          metadata: { name: 'main' }, image: { image }, command: ['sleep', '3600'], logPath: 'main/0.log',
        }, cfg);
        await cri.startContainer(id);
        latenciesMs.push(performance.now() - t0);
      } catch (e) {
        errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
        if (errors.length >= 3) break;
      }
    }
  } finally {
    // Stop + remove each sandbox (its containers go with it) so stop() finds an idle containerd.
    for (const id of sandboxes) {
      await cri.stopPodSandbox(id).catch(() => undefined);
      await cri.removePodSandbox(id).catch(() => undefined);
    }
    cri.close();
  }
  return { latenciesMs, errors };
}
