/**
 * Whether the Node's stored status differs from what this machine would report, apart from the
 * conditions (conditions.ts compares those). Only the keys Kite sets are compared, so resources or
 * nodeInfo fields another writer adds do not cause a write every round.
 */
import type { NodeStatusFields } from './node-object.js';

type Loose = Record<string, unknown> | undefined;

const sameKeys = (want: Record<string, unknown>, have: Loose) => Object.entries(want).every(([k, v]) => have?.[k] === v);

export function statusFieldsChanged(want: NodeStatusFields, have: Record<string, unknown> | undefined): boolean {
  const s = (have ?? {}) as Record<string, Loose>;
  const addresses = JSON.stringify((s.addresses as unknown) ?? []);
  const port = (s.daemonEndpoints?.kubeletEndpoint as Loose)?.Port;
  return !sameKeys(want.capacity, s.capacity)
    || !sameKeys(want.allocatable, s.allocatable)
    || !sameKeys(want.nodeInfo, s.nodeInfo)
    || addresses !== JSON.stringify(want.addresses)
    || port !== want.daemonEndpoints.kubeletEndpoint.Port;
}
