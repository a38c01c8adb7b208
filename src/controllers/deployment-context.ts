/**
 * What one Deployment sync works with, and its writes to the Deployment itself. Upstream writes
 * the revision annotation through `UpdateStatus` (its status strategy keeps annotations); Kite's
 * status subresource takes only `.status`, so the annotation goes in a merge patch of metadata,
 * guarded by the resourceVersion. Each write carries the new resourceVersion back into `d`, so a
 * later write in the same sync does not conflict with the sync's own earlier one.
 */
import type { Logger } from 'pino';
import type { KubeClient } from '../client/index.js';
import type { Clock } from './clock.js';
import type { EventRecorder } from './deps.js';
import { REVISION } from './deployment-util.js';
import { DEPLOYMENTS, inNs, type DeploymentObj } from './replicaset-types.js';

export interface DeploymentCtx {
  client: KubeClient;
  recorder: EventRecorder;
  clock: Pick<Clock, 'now'>;
  log: Logger;
  signal?: AbortSignal;
  /** Re-syncs this Deployment later (progress deadline, minReadySeconds). */
  enqueueAfter(ms: number): void;
  enqueueRateLimited(): void;
}

const refOf = (d: DeploymentObj) => inNs(DEPLOYMENTS, d.metadata.namespace);

export async function updateDeploymentStatus(ctx: DeploymentCtx, d: DeploymentObj): Promise<void> {
  const out = await ctx.client.updateStatus<DeploymentObj>(refOf(d), d, { signal: ctx.signal });
  d.metadata.resourceVersion = out.metadata.resourceVersion;
}

/** Upstream `SetDeploymentRevision`, written at once; true when the revision changed. */
export async function setDeploymentRevision(ctx: DeploymentCtx, d: DeploymentObj, revision: string | undefined): Promise<boolean> {
  if (revision === undefined || d.metadata.annotations?.[REVISION] === revision) return false;
  const patch = { metadata: { resourceVersion: d.metadata.resourceVersion, annotations: { [REVISION]: revision } } };
  const out = await ctx.client.patch<DeploymentObj>(refOf(d), d.metadata.name ?? '', 'merge', patch, { signal: ctx.signal });
  d.metadata.resourceVersion = out.metadata.resourceVersion;
  (d.metadata.annotations ??= {})[REVISION] = revision;
  return true;
}
