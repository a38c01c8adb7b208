/**
 * Registering this machine's Node: create it, or adopt the one a previous run (or an earlier
 * install) left — its labels are merged with ours (a user's extra labels stay) and its status is
 * replaced by what this machine measures now. A Node carrying the simulator's `kite.dev/simulated`
 * annotation belongs to `kite dev sim-nodes` and is never taken over.
 */
import type { Node } from '../../api/registry/core-types.js';
import { isConflict, resourcePath, type KubeClient, type ResourceRef } from '../../client/index.js';
import { SIM_ANNOTATION } from '../sim/node-object.js';

export const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes' };
export const STRATEGIC = { 'content-type': 'application/strategic-merge-patch+json' };

/** Registration can never succeed (retrying will not help). */
export class NodeRegistrationRefused extends Error {}

type Conditions = NonNullable<NonNullable<Node['status']>['conditions']>;

/**
 * Creates or adopts the Node; `desired` builds it given the conditions already on the server (so
 * transition times of an adopted node survive). Resolves with the Node as stored.
 */
export async function registerNode(
  client: Pick<KubeClient, 'create' | 'get' | 'patch' | 'raw'>,
  desired: (prev: Conditions) => Node,
  signal: AbortSignal,
): Promise<Node> {
  const fresh = desired([]);
  const name = fresh.metadata.name ?? '';
  try {
    return await client.create(NODES, fresh, { signal });
  } catch (e) {
    if (!isConflict(e)) throw e;
  }
  const cur = await client.get<Node>(NODES, name, { signal });
  if (cur.metadata.annotations?.[SIM_ANNOTATION] !== undefined) {
    throw new NodeRegistrationRefused(`node ${name} exists and is a simulated node (${SIM_ANNOTATION} annotation); refusing to adopt it — delete it or choose another --node-name`);
  }
  const want = desired(cur.status?.conditions ?? []);
  const labeled = await client.patch<Node>(NODES, name, 'merge', { metadata: { labels: want.metadata.labels } }, { signal });
  await client.raw('PATCH', resourcePath(NODES, name, 'status'), { status: want.status }, STRATEGIC, { signal });
  return labeled;
}
