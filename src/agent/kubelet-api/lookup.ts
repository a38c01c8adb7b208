/**
 * Which log file a `containerLogs` request means. The default lookup reads the pod from the API and
 * lists the container's log directory (`DIR/agent/pods/<ns>_<name>_<uid>/<container>/<attempt>.log`),
 * so the server needs nothing from the pod loop's internals. Errors carry the kubelet's wording,
 * which kubectl shows verbatim.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerStatus, Pod } from '../../api/registry/core-types.js';
import { isNotFound, type KubeClient } from '../../client/index.js';
import type { LogSource } from './read-logs.js';

export interface LogRequest { namespace: string; pod: string; container: string; previous: boolean }
export type LogLookup = (r: LogRequest, signal: AbortSignal) => Promise<LogSource>;

/** An error the kubelet API answers with this HTTP status and plain-text message. */
export class KubeletApiError extends Error {
  constructor(readonly code: 400 | 403 | 404 | 500, message: string) { super(message); }
}

const podRef = (namespace: string) => ({ group: '', version: 'v1', plural: 'pods', namespace });

export function createApiLogLookup(o: { client: KubeClient; podsDir: string; nodeName: string }): LogLookup {
  const getPod = async (ns: string, name: string, signal: AbortSignal) => {
    try {
      return await o.client.get<Pod>(podRef(ns), name, { signal });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  };
  return async (r, signal) => {
    const pod = await getPod(r.namespace, r.pod, signal);
    if (!pod || pod.spec.nodeName !== o.nodeName) throw new KubeletApiError(404, `pod "${r.pod}" in namespace "${r.namespace}" not found on node "${o.nodeName}"`);
    const inSpec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].some((c) => c.name === r.container);
    if (!inSpec) throw new KubeletApiError(400, `container ${r.container} is not valid for pod ${r.pod}`);
    const status = statusOf(pod, r.container);
    const dir = join(o.podsDir, `${r.namespace}_${r.pod}_${pod.metadata.uid}`, r.container);
    const attempts = await listAttempts(dir);
    const file = pickAttempt(r, status, attempts);
    const attempt = Number(file.slice(0, -'.log'.length));
    return {
      file: join(dir, file),
      // Still appending while this attempt is the newest and the API says the container runs.
      running: async () => {
        const now = await getPod(r.namespace, r.pod, signal);
        const st = now && statusOf(now, r.container);
        const newest = (await listAttempts(dir)).at(-1);
        return !!st?.state?.running && newest === attempt;
      },
    };
  };
}

function statusOf(pod: Pod, name: string): ContainerStatus | undefined {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((s) => s.name === name);
}

/** Attempt numbers with a log file, ascending. */
async function listAttempts(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.map((n) => /^(\d+)\.log$/.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number).sort((a, b) => a - b);
}

/**
 * The kubelet's rules (validateContainerLogStatus): the current attempt, or the last terminated one
 * while the container waits to restart; `previous` is the attempt before a running container, or the
 * terminated one a waiting (crash-looping) container left behind.
 */
function pickAttempt(r: LogRequest, st: ContainerStatus | undefined, attempts: number[]): string {
  const q = `container "${r.container}" in pod "${r.pod}"`;
  const waiting = st?.state?.waiting;
  const newest = attempts.at(-1);
  if (r.previous) {
    if (!st?.lastState?.terminated) throw new KubeletApiError(400, `previous terminated ${q} not found`);
    const prev = waiting ? newest : attempts.at(-2);
    if (prev === undefined) throw new KubeletApiError(400, `previous terminated ${q} not found`);
    return `${prev}.log`;
  }
  if (!st || newest === undefined) throw new KubeletApiError(400, `${q} is waiting to start: ${waiting?.reason ?? 'ContainerCreating'}`);
  if (waiting && !st.lastState?.terminated) throw new KubeletApiError(400, `${q} is waiting to start: ${waiting.reason ?? 'ContainerCreating'}`);
  return `${newest}.log`;
}
