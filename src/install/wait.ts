/**
 * Waiting for a deployed node: the API answering /readyz, the Node Ready, the kube-system pods running.
 * Polls through Kite's own admin kubeconfig (DATA_DIR/kubeconfig.yaml), as any client would.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKubeClient, loadKubeconfig, type KubeClient } from '../client/index.js';
import type { KObject } from '../api/types/index.js';

const POLL_MS = 100;

export function clientFor(kubeconfig: string): KubeClient {
  const k = loadKubeconfig(kubeconfig);
  return createKubeClient({ server: k.server, ca: k.ca, ...(k.cert ? { cert: k.cert, key: k.key } : {}), ...(k.token ? { token: k.token } : {}), userAgent: 'kite/deploy' });
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>, alive?: () => Promise<string | undefined>): Promise<T> {
  const end = Date.now() + ms;
  let last = '';
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) { last = (e as Error).message; }
    const dead = await alive?.();
    if (dead) throw new Error(`${what}: ${dead}`);
    if (Date.now() > end) throw new Error(`${what}: not done after ${ms / 1000}s${last ? ` (${last})` : ''}`);
    await sleep(POLL_MS);
  }
}

/** Resolves with a client once /readyz says ok. `alive` reports a dead service early. */
export async function waitApiReady(kubeconfig: string, ms: number, alive?: () => Promise<string | undefined>): Promise<KubeClient> {
  let client: KubeClient | undefined;
  return until('API server ready', ms, async () => {
    if (!existsSync(kubeconfig)) return undefined;
    client ??= clientFor(kubeconfig);
    const r = await client.raw('GET', '/readyz');
    return String(r).trim() === 'ok' ? client : undefined;
  }, alive);
}

interface NodeLike extends KObject { status?: { conditions?: Array<{ type: string; status: string; reason?: string }> } }

export async function waitNodeReady(client: KubeClient, node: string, ms: number, alive?: () => Promise<string | undefined>): Promise<void> {
  await until(`node ${node} Ready`, ms, async () => {
    const n = await client.get<NodeLike>({ group: '', version: 'v1', plural: 'nodes' }, node).catch(() => undefined);
    return n?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined;
  }, alive);
}

interface PodLike extends KObject { status?: { phase?: string } }

/** Every kube-system pod Running or Succeeded (none is fine: Kite has no mandatory system pods yet). */
export async function waitSystemPods(client: KubeClient, ms: number): Promise<number> {
  return until('system pods running', ms, async () => {
    const list = await client.list<PodLike>({ group: '', version: 'v1', plural: 'pods', namespace: 'kube-system' });
    const pending = list.items.filter((p) => p.status?.phase !== 'Running' && p.status?.phase !== 'Succeeded');
    return pending.length === 0 ? list.items.length : undefined;
  });
}
