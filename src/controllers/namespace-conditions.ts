/**
 * The status conditions upstream's namespace deleter keeps on a Terminating namespace, with its
 * reasons and messages, so `kubectl describe ns` reads the same. Table-like on purpose.
 */
import type { ContentState } from './namespace-content.js';

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

interface Findings {
  discoveryFailures: string[];
  content: ContentState;
}

const counts = (m: Map<string, number>, fmt: (k: string, n: number) => string) =>
  [...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => fmt(k, n)).join(', ');

/** [type, failing?, failure reason, failure message, ok reason, ok message] per condition, upstream's order. */
function table(f: Findings): Array<[string, boolean, string, string, string, string]> {
  const { content: c } = f;
  return [
    ['NamespaceDeletionDiscoveryFailure', f.discoveryFailures.length > 0, 'DiscoveryFailed',
      `Discovery failed for some groups, ${f.discoveryFailures.length} failing: ${f.discoveryFailures.join(', ')}`,
      'ResourcesDiscovered', 'All resources successfully discovered'],
    ['NamespaceDeletionGroupVersionParsingFailure', false, '', '', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
    ['NamespaceDeletionContentFailure', c.failures.length > 0, 'ContentDeletionFailed',
      `Failed to delete all resource types, ${c.failures.length} remaining: ${c.failures.join(', ')}`,
      'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
    ['NamespaceContentRemaining', c.remaining.size > 0, 'SomeResourcesRemain',
      `Some resources are remaining: ${counts(c.remaining, (k, n) => `${k} has ${n} resource instances`)}`,
      'ContentRemoved', 'All content successfully removed'],
    ['NamespaceFinalizersRemaining', c.finalizers.size > 0, 'SomeFinalizersRemain',
      `Some content in the namespace has finalizers remaining: ${counts(c.finalizers, (k, n) => `${k} in ${n} resource instances`)}`,
      'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
  ];
}

/**
 * The namespace's new condition list: ours replaced, others kept; a condition's
 * lastTransitionTime moves only when its status changes.
 */
export function deletionConditions(prev: NamespaceCondition[] | undefined, f: Findings, now: string): NamespaceCondition[] {
  const old = new Map((prev ?? []).map((c) => [c.type, c]));
  const ours = table(f).map(([type, failing, badReason, badMsg, okReason, okMsg]): NamespaceCondition => {
    const status = failing ? 'True' : 'False';
    const before = old.get(type);
    const lastTransitionTime = before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : now;
    return { type, status, reason: failing ? badReason : okReason, message: failing ? badMsg : okMsg, lastTransitionTime };
  });
  const mine = new Set(ours.map((c) => c.type));
  return [...(prev ?? []).filter((c) => !mine.has(c.type)), ...ours];
}
