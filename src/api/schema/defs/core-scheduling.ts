/** core/v1 scheduling constraints embedded in PodSpec: affinity, tolerations, topology spread. */
import type { SchemaSet } from '../types.js';
import { arr, enumOf, gvkName, int, int64, labelSelectorRef, obj, ref, str } from '../dsl.js';

const C = (kind: string) => gvkName('', 'v1', kind);

const affinityTerms = (what: string, required: string, preferred: string) => obj({
  requiredDuringSchedulingIgnoredDuringExecution: arr(ref(C('PodAffinityTerm')), required),
  preferredDuringSchedulingIgnoredDuringExecution: arr(ref(C('WeightedPodAffinityTerm')), preferred),
}, what);

export const schedulingSchemas: SchemaSet = {
  [C('NodeSelectorRequirement')]: obj({
    key: str('The label key that the selector applies to.'),
    operator: enumOf(['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'], "Represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt."),
    values: arr(str(), 'An array of string values. For In and NotIn it must be non-empty; for Exists and DoesNotExist it must be empty; for Gt and Lt it must have a single integer element.'),
  }, 'A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.', { required: ['key', 'operator'] }),
  [C('NodeSelectorTerm')]: obj({
    matchExpressions: arr(ref(C('NodeSelectorRequirement')), "A list of node selector requirements by node's labels."),
    matchFields: arr(ref(C('NodeSelectorRequirement')), "A list of node selector requirements by node's fields."),
  }, 'A null or empty node selector term matches no objects. The requirements of them are ANDed.', { 'x-kubernetes-map-type': 'atomic' }),
  [C('NodeSelector')]: obj({
    nodeSelectorTerms: arr(ref(C('NodeSelectorTerm')), 'Required. A list of node selector terms. The terms are ORed.'),
  }, 'A node selector represents the union of the results of one or more label queries over a set of nodes.', { required: ['nodeSelectorTerms'], 'x-kubernetes-map-type': 'atomic' }),
  [C('PreferredSchedulingTerm')]: obj({
    weight: int('Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.'),
    preference: ref(C('NodeSelectorTerm'), 'A node selector term, associated with the corresponding weight.'),
  }, 'An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it is a no-op).', { required: ['weight', 'preference'] }),
  [C('NodeAffinity')]: obj({
    requiredDuringSchedulingIgnoredDuringExecution: ref(C('NodeSelector'), 'If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.'),
    preferredDuringSchedulingIgnoredDuringExecution: arr(ref(C('PreferredSchedulingTerm')), 'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.'),
  }, 'Node affinity is a group of node affinity scheduling rules.'),
  [C('PodAffinityTerm')]: obj({
    labelSelector: labelSelectorRef('A label query over a set of resources, in this case pods.'),
    namespaceSelector: labelSelectorRef('A label query over the set of namespaces that the term applies to.'),
    namespaces: arr(str(), "namespaces specifies a static list of namespace names that the term applies to. null or empty means this pod's namespace."),
    topologyKey: str('This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector, where co-located means running on a node whose value of the label with key topologyKey matches. Empty is not allowed.'),
    matchLabelKeys: arr(str(), 'MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.'),
    mismatchLabelKeys: arr(str(), 'MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.'),
  }, 'Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with.', { required: ['topologyKey'] }),
  [C('WeightedPodAffinityTerm')]: obj({
    weight: int('weight associated with matching the corresponding podAffinityTerm, in the range 1-100.'),
    podAffinityTerm: ref(C('PodAffinityTerm'), 'Required. A pod affinity term, associated with the corresponding weight.'),
  }, 'The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)', { required: ['weight', 'podAffinityTerm'] }),
  [C('PodAffinity')]: affinityTerms('Pod affinity is a group of inter pod affinity scheduling rules.',
    'If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.',
    'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field.'),
  [C('PodAntiAffinity')]: affinityTerms('Pod anti affinity is a group of inter pod anti affinity scheduling rules.',
    'If the anti-affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.',
    'The scheduler will prefer to schedule pods to nodes that satisfy the anti-affinity expressions specified by this field.'),
  [C('Affinity')]: obj({
    nodeAffinity: ref(C('NodeAffinity'), 'Describes node affinity scheduling rules for the pod.'),
    podAffinity: ref(C('PodAffinity'), 'Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s)).'),
    podAntiAffinity: ref(C('PodAntiAffinity'), 'Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s)).'),
  }, 'Affinity is a group of affinity scheduling rules.'),
  [C('Toleration')]: obj({
    key: str('Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists.'),
    operator: enumOf(['Equal', 'Exists'], "Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal."),
    value: str('Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty.'),
    effect: enumOf(['NoExecute', 'NoSchedule', 'PreferNoSchedule'], 'Effect indicates the taint effect to match. Empty means match all taint effects.'),
    tolerationSeconds: int64('TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute) tolerates the taint. By default it is not set, which means tolerate the taint forever.'),
  }, 'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.'),
  [C('TopologySpreadConstraint')]: obj({
    maxSkew: int('MaxSkew describes the degree to which pods may be unevenly distributed. It must be greater than zero.'),
    topologyKey: str('TopologyKey is the key of node labels. Nodes that have a label with this key and identical values are considered to be in the same topology.'),
    whenUnsatisfiable: enumOf(['DoNotSchedule', 'ScheduleAnyway'], "WhenUnsatisfiable indicates how to deal with a pod if it doesn't satisfy the spread constraint: DoNotSchedule (default) or ScheduleAnyway."),
    labelSelector: labelSelectorRef('LabelSelector is used to find matching pods. Pods that match this label selector are counted to determine the number of pods in their corresponding topology domain.'),
    minDomains: int('MinDomains indicates a minimum number of eligible domains. When the number of eligible domains is less than minDomains, the global minimum is treated as 0.'),
    nodeAffinityPolicy: enumOf(['Honor', 'Ignore'], "NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew. Defaults to Honor."),
    nodeTaintsPolicy: enumOf(['Honor', 'Ignore'], 'NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew. Defaults to Ignore.'),
    matchLabelKeys: arr(str(), 'MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated.'),
  }, 'TopologySpreadConstraint specifies how to spread matching pods among the given topology.', { required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'] }),
};
