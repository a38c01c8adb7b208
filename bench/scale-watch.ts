/**
 * A list+watch loop for the scale bench: every object it sees is handed to `onObject` with the
 * time it arrived. It re-watches from the last resourceVersion when a stream ends, and relists
 * when the server says the version is too old (410) — at 30,000 pods the store's retained
 * revisions can be outrun by a client that falls behind. A relisted object's times are "seen at
 * relist", which is late; the relist count is reported so a reader knows the numbers are blurred.
 */
import { performance } from 'node:perf_hooks';
import type { KubeClient } from './kube-client.js';

export interface WatchedObject {
  metadata: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> };
}

export interface WatchLoop { relists: number; reconnects: number; done: Promise<void> }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `path` is a collection path without a query (e.g. `/api/v1/namespaces/x/pods`); `query` is extra params. */
export function watchObjects(
  kube: KubeClient, path: string, query: string, signal: AbortSignal,
  onObject: (type: string, o: WatchedObject, atMs: number) => void,
): WatchLoop {
  const loop: WatchLoop = { relists: 0, reconnects: 0, done: Promise.resolve() };
  const q = query ? `&${query}` : '';

  async function relist(): Promise<string> {
    let cont = '';
    let rv = '';
    do {
      const page = await kube.json<{ metadata: { resourceVersion: string; continue?: string }; items: WatchedObject[] }>(
        'GET', `${path}?limit=500${q}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      const at = performance.now();
      for (const o of page.items) onObject('ADDED', o, at);
      rv ||= page.metadata.resourceVersion;
      cont = page.metadata.continue ?? '';
    } while (cont && !signal.aborted);
    return rv;
  }

  /** Streams events until the stream ends; returns the last resourceVersion, or '' after a 410. */
  async function watchFrom(rv: string): Promise<string> {
    const { res, cancel } = await kube.stream(`${path}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}${q}`);
    const onAbort = () => cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    let buf = '';
    let last = rv;
    let expired = false;
    try {
      for await (const chunk of res) {
        buf += (chunk as Buffer).toString('utf8');
        const at = performance.now();
        // Scan with an offset and cut the buffer once per chunk: slicing per line is quadratic in a backlog.
        let from = 0;
        for (let nl = buf.indexOf('\n'); nl >= 0; from = nl + 1, nl = buf.indexOf('\n', from)) {
          const line = buf.slice(from, nl);
          if (!line.trim()) continue;
          const ev = JSON.parse(line) as { type: string; object: WatchedObject & { code?: number } };
          if (ev.type === 'ERROR') { expired = ev.object.code === 410; if (!expired) throw new Error(`watch ${path}: ${line.slice(0, 300)}`); break; }
          last = ev.object.metadata.resourceVersion ?? last;
          if (ev.type !== 'BOOKMARK') onObject(ev.type, ev.object, at);
        }
        buf = buf.slice(from);
        if (expired) break;
      }
    } catch (e) {
      if (!signal.aborted) throw e;
    } finally {
      signal.removeEventListener('abort', onAbort);
      cancel();
    }
    return expired ? '' : last;
  }

  loop.done = (async () => {
    let rv = '';
    let listed = false;
    while (!signal.aborted) {
      try {
        if (!rv) { if (listed) loop.relists++; listed = true; rv = await relist(); }
        rv = await watchFrom(rv);
        if (!signal.aborted) loop.reconnects++;
      } catch (e) {
        if (signal.aborted) break;
        console.log(`note: watch ${path} failed, retrying: ${e instanceof Error ? e.message : String(e)}`);
        loop.reconnects++;
        await sleep(500);
      }
    }
  })();
  return loop;
}

/**
 * Per-pod first-seen times (created, bound, Running), in performance.now() milliseconds, and the
 * resourceVersion of the object when it was first seen / bound / Running (for scale-commit.ts).
 */
export interface PodTimes { created: number; createdRv: number; bound?: number; running?: number; boundRv?: number; runningRv?: number }

export interface PodTracker {
  pods: Map<string, PodTimes>;
  bound: number;
  running: number;
  loop: WatchLoop;
}

export function trackPods(kube: KubeClient, namespace: string, signal: AbortSignal): PodTracker {
  const t: PodTracker = { pods: new Map(), bound: 0, running: 0, loop: undefined as unknown as WatchLoop };
  t.loop = watchObjects(kube, `/api/v1/namespaces/${namespace}/pods`, '', signal, (type, o, at) => {
    if (type === 'DELETED') return;
    const key = o.metadata.uid ?? `${o.metadata.name}`;
    const rv = Number(o.metadata.resourceVersion);
    let p = t.pods.get(key);
    if (!p) { p = { created: at, createdRv: rv }; t.pods.set(key, p); }
    if (p.bound === undefined && o.spec?.nodeName) { p.bound = at; p.boundRv = rv; t.bound++; }
    if (p.running === undefined && o.status?.phase === 'Running') { p.running = at; p.runningRv = rv; t.running++; }
  });
  return t;
}

/** Watches the simulated nodes; `ready()` is how many report Ready=True right now. */
export function trackNodes(kube: KubeClient, signal: AbortSignal): { ready: () => number; loop: WatchLoop } {
  const state = new Map<string, boolean>();
  let ready = 0;
  const loop = watchObjects(kube, '/api/v1/nodes', 'labelSelector=type%3Dkite-sim', signal, (type, o) => {
    const name = o.metadata.name ?? '';
    const was = state.get(name) ?? false;
    const now = type !== 'DELETED' && o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
    state.set(name, now);
    ready += Number(now) - Number(was);
  });
  return { ready: () => ready, loop };
}
