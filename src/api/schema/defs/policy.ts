/** policy/v1 schemas: PodDisruptionBudget and Eviction (the body of `POST pods/{name}/eviction`). */
import { gvkName, int, int64, intOrString, labelSelectorRef, listMap, mapOf, META, obj, objectMetaRef, ref, str, time } from '../dsl.js';
import type { SchemaSet } from '../types.js';

const n = (k: string) => gvkName('policy', 'v1', k);
const typeMeta = {
  apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
  kind: str('Kind is a string value representing the REST resource this object represents.'),
};
const gvk = (kind: string) => [{ group: 'policy', version: 'v1', kind }];

export const policySchemas: SchemaSet = {
  [n('PodDisruptionBudget')]: obj({
    ...typeMeta, metadata: objectMetaRef(),
    spec: ref(n('PodDisruptionBudgetSpec'), 'Specification of the desired behavior of the PodDisruptionBudget.'),
    status: ref(n('PodDisruptionBudgetStatus'), 'Most recently observed status of the PodDisruptionBudget.'),
  }, 'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods.', { 'x-kubernetes-group-version-kind': gvk('PodDisruptionBudget') }),
  [n('PodDisruptionBudgetSpec')]: obj({
    minAvailable: intOrString('An eviction is allowed if at least "minAvailable" pods selected by "selector" will still be available after the eviction.'),
    // Upstream marks the selector patchStrategy=replace: a merge patch must not combine two selectors.
    selector: { ...labelSelectorRef('Label query over pods whose evictions are managed by the disruption budget.'), 'x-kubernetes-patch-strategy': 'replace' },
    maxUnavailable: intOrString('An eviction is allowed if at most "maxUnavailable" pods selected by "selector" are unavailable after the eviction.'),
    unhealthyPodEvictionPolicy: str('UnhealthyPodEvictionPolicy defines the criteria for when unhealthy pods should be considered for eviction: IfHealthyBudget or AlwaysAllow.'),
  }, 'PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.'),
  [n('PodDisruptionBudgetStatus')]: obj({
    observedGeneration: int64('Most recent generation observed when updating this PDB status.'),
    disruptedPods: mapOf(time(), 'DisruptedPods contains information about pods whose eviction was processed by the API server eviction subresource handler but has not yet been observed by the PodDisruptionBudget controller.'),
    disruptionsAllowed: int('Number of pod disruptions that are currently allowed.'),
    currentHealthy: int('current number of healthy pods'),
    desiredHealthy: int('minimum desired number of healthy pods'),
    expectedPods: int('total number of pods counted by this disruption budget'),
    conditions: listMap(ref(`${META}.Condition`), 'type', 'Conditions contain conditions for PDB, e.g. DisruptionAllowed.'),
  }, 'PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget.', {
    required: ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'],
  }),
  [n('Eviction')]: obj({
    ...typeMeta,
    metadata: objectMetaRef('ObjectMeta describes the pod that is being evicted.'),
    deleteOptions: ref(`${META}.DeleteOptions`, 'DeleteOptions may be provided'),
  }, 'Eviction evicts a pod from its node subject to certain policies and safety constraints.', { 'x-kubernetes-group-version-kind': gvk('Eviction') }),
};
