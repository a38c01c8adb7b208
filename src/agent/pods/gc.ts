/**
 * Container garbage collection for a live pod: of each container name, the newest instance and the
 * exited one before it are kept (lastState and `kubectl logs --previous` read them); older exited
 * instances are removed, and so are dead sandboxes that no kept container belongs to (except the
 * newest sandbox, whose attempt number the next sandbox continues from).
 */
import type { RuntimeService } from '../cri/index.js';
import type { PodRuntime } from './runtime-state.js';

export async function collectGarbage(cri: Pick<RuntimeService, 'removeContainer' | 'removePodSandbox'>, rt: PodRuntime): Promise<void> {
  const seen = new Map<string, number>();
  const kept = new Set<string>();
  for (const c of rt.containers) {
    const n = (seen.get(c.metadata.name) ?? 0) + 1;
    seen.set(c.metadata.name, n);
    if (n <= 2 || c.state !== 'CONTAINER_EXITED') { kept.add(c.podSandboxId); continue; }
    await cri.removeContainer(c.id);
  }
  for (const sb of rt.sandboxes.slice(1)) {
    if (sb.state !== 'SANDBOX_READY' && !kept.has(sb.id)) await cri.removePodSandbox(sb.id);
  }
}
