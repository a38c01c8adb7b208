/**
 * Tearing the node's pods down through the CRI before `kite remove` kills what is left, like
 * `kubeadm reset` does with `crictl rmp -fa`: StopPodSandbox runs CNI DEL for each pod (its veth, its
 * IPAM address, the portmap plugin's per-pod hostPort chains) and removes the pod's network namespace
 * (/var/run/netns/cni-…). Killing the processes alone would leave the namespaces mounted and the
 * hostPort rules behind. The service has stopped by now (and the agent's containerd with it), so this
 * starts the agent's containerd once more on the same data dir, in the node's runtime cgroup, and
 * stops it again afterwards. Best effort: anything that fails here is still killed by the caller.
 */
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { containerdPaths, startContainerd } from '../agent/containerd/index.js';
import { connectCri } from '../agent/cri/index.js';

export async function removePodSandboxes(dataDir: string, node: string, say: (m: string) => void): Promise<void> {
  // Nothing was ever run (or a previous remove got here): no containerd state to ask.
  if (!existsSync(containerdPaths(dataDir).root)) return;
  const life = new AbortController();
  const log = pino({ level: 'error' }, pino.destination(2));
  try {
    const ctd = await startContainerd({ dataDir, log, signal: life.signal, cgroupPath: `/kite-${node}-runtime`, readyTimeoutMs: 20_000 });
    const cri = connectCri(ctd.socket, { defaultTimeoutMs: 30_000 });
    try {
      const sandboxes = await cri.listPodSandbox();
      if (sandboxes.length) say(`stopping ${sandboxes.length} pod sandbox(es) and their network`);
      for (const sb of sandboxes) {
        const name = `${sb.metadata.namespace}/${sb.metadata.name}`;
        await cri.stopPodSandbox(sb.id).then(() => cri.removePodSandbox(sb.id))
          .catch((e: Error) => say(`warning: pod ${name}: ${e.message.split('\n')[0]}`));
      }
    } finally {
      cri.close();
    }
    life.abort();
    await ctd.done;
  } catch (e) {
    say(`warning: could not stop the pods through containerd (${(e as Error).message.split('\n')[0]}); killing them instead`);
  } finally {
    life.abort();
  }
}
