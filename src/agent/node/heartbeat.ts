/**
 * The node agent's side of node health, as the kubelet does it:
 * - register (or adopt) the Node, retrying with back-off until the API server answers;
 * - renew the `kube-node-lease` Lease every 10 s (leaseDurationSeconds 40);
 * - every 10 s measure, read the Node back and patch `nodes/<name>/status` (strategic merge) when
 *   conditions, capacity, addresses or nodeInfo changed — and at least every 60 s regardless
 *   (upstream's nodeStatusReportFrequency), so lastHeartbeatTime stays fresh.
 * Reading the Node back each round makes the comparison see what others wrote (the node lifecycle
 * controller setting Ready=Unknown) and corrects it at once. A Node deleted from the API is
 * registered again (a kubelet waits for a restart; an unattended edge machine should not).
 */
import type { Logger } from 'pino';
import type { Node } from '../../api/registry/core-types.js';
import { isNotFound, resourcePath, type KubeClient } from '../../client/index.js';
import { realClock, type Clock } from '../../controllers/index.js';
import type { NodeCgroups } from '../cgroups/index.js';
import type { RuntimeCondition } from '../cri/types.js';
import type { NodeCondition } from '../sim/node-object.js';
import type { NodeAllocation } from './allocation.js';
import { conditionsChanged, nodeConditions } from './conditions.js';
import type { HostInfo } from './host-info.js';
import { renewNodeLease } from './lease.js';
import { measureNode, realHostProbes, type HostProbes } from './measure.js';
import { buildNode, nodeStatusFields, type NodeObjectInput } from './node-object.js';
import { NodeRegistrationRefused, NODES, registerNode, STRATEGIC } from './registration.js';
import { statusFieldsChanged } from './status-diff.js';

export interface NodeAgentStatusOptions {
  client: Pick<KubeClient, 'create' | 'get' | 'patch' | 'raw'>;
  nodeName: string;
  allocation: NodeAllocation;
  host: HostInfo;
  /** e.g. `containerd://1.6.20~ds1` (from the CRI Version call). */
  runtimeVersion: string;
  runtimeStatus: (signal: AbortSignal) => Promise<{ conditions: RuntimeCondition[] }>;
  cgroups: Pick<NodeCgroups, 'usage'>;
  dataDir: string;
  log: Logger;
  clock?: Clock;
  controlPlane?: boolean;
  labels?: Record<string, string>;
  /** Advertised in status.daemonEndpoints (default 10250). */
  kubeletPort?: number;
  hostProbes?: HostProbes;
  leaseRenewMs?: number;
  leaseDurationSeconds?: number;
  statusUpdateMs?: number;
  statusReportMs?: number;
  /** Called with the stored Node after each (re-)registration. */
  onRegistered?: (node: Node) => void;
}

const MAX_BACKOFF_MS = 30_000;

/** Runs until the signal aborts; rejects only when registration can never succeed. */
export async function runNodeAgentStatus(o: NodeAgentStatusOptions, signal: AbortSignal): Promise<void> {
  const clock = o.clock ?? realClock;
  const log = o.log.child({ component: 'node-status', node: o.nodeName });
  const input: NodeObjectInput = {
    name: o.nodeName, host: o.host, allocation: o.allocation, runtimeVersion: o.runtimeVersion,
    controlPlane: o.controlPlane ?? false, labels: o.labels, kubeletPort: o.kubeletPort,
  };
  const leaseRenewMs = o.leaseRenewMs ?? 10_000;
  const statusUpdateMs = o.statusUpdateMs ?? 10_000;
  const statusReportMs = o.statusReportMs ?? 60_000;
  const measure = () => measureNode({
    runtimeStatus: o.runtimeStatus, cgroups: o.cgroups, host: o.hostProbes ?? realHostProbes, dataDir: o.dataDir,
    clock, log, runtimeTimeoutMs: Math.min(5_000, statusUpdateMs),
  });
  let nodeUid: string | undefined;
  let lastReport = 0;

  const renew = () => renewNodeLease(o.client, { name: o.nodeName, nodeUid, durationSeconds: o.leaseDurationSeconds ?? 40, now: clock.now() }, signal);

  async function register(): Promise<void> {
    for (let backoff = 500; !signal.aborted; backoff = Math.min(MAX_BACKOFF_MS, backoff * 2)) {
      try {
        const m = await measure();
        const node = await registerNode(o.client, (prev) => buildNode(input, nodeConditions(m, clock.now(), prev as NodeCondition[])), signal);
        nodeUid = node.metadata.uid;
        lastReport = clock.now();
        // A failed first renewal is the lease loop's to retry, not a reason to register again.
        await renew().catch((err: unknown) => log.warn({ err }, 'lease renewal failed'));
        log.info({ uid: nodeUid }, 'node registered');
        o.onRegistered?.(node);
        return;
      } catch (err) {
        if (err instanceof NodeRegistrationRefused || signal.aborted) throw err;
        log.warn({ err, retryInMs: backoff }, 'node registration failed; retrying');
        await clock.sleep(backoff, signal);
      }
    }
  }

  async function reportStatus(): Promise<void> {
    const m = await measure();
    let cur: Node;
    try {
      cur = await o.client.get<Node>(NODES, o.nodeName, { signal });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      log.warn('node was deleted from the API; registering it again');
      return register();
    }
    const prev = (cur.status?.conditions ?? []) as NodeCondition[];
    const conditions = nodeConditions(m, clock.now(), prev);
    const fields = nodeStatusFields(input);
    const changed = conditionsChanged(conditions, prev) || statusFieldsChanged(fields, cur.status);
    if (!changed && clock.now() - lastReport < statusReportMs) return;
    await o.client.raw('PATCH', resourcePath(NODES, o.nodeName, 'status'), { status: { ...fields, conditions } }, STRATEGIC, { signal });
    lastReport = clock.now();
  }

  /** Calls `fn` every `periodMs`; after a failure retries sooner (1 s), as the kubelet does. */
  async function every(periodMs: number, what: string, fn: () => Promise<void>): Promise<void> {
    let wait = periodMs;
    while (!signal.aborted) {
      await clock.sleep(wait, signal);
      if (signal.aborted) return;
      try {
        await fn();
        wait = periodMs;
      } catch (err) {
        if (signal.aborted) return;
        log.warn({ err }, `${what} failed`);
        wait = Math.min(periodMs, 1_000);
      }
    }
  }

  try {
    await register();
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  }
  await Promise.all([every(leaseRenewMs, 'lease renewal', renew), every(statusUpdateMs, 'node status update', reportStatus)]);
}
