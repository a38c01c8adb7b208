/** autoscaling/v1 Scale: the body of every `/scale` subresource (not a resource of its own). */
import { gvkName, int, obj, objectMetaRef, str } from '../dsl.js';
import type { SchemaSet } from '../types.js';

const n = (k: string) => gvkName('autoscaling', 'v1', k);

export const autoscalingSchemas: SchemaSet = {
  [n('Scale')]: obj({
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: objectMetaRef('Standard object metadata; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata.'),
    spec: obj({ replicas: int('replicas is the desired number of instances for the scaled object.') },
      'spec defines the behavior of the scale.'),
    status: obj({
      replicas: int('replicas is the actual number of observed instances of the scaled object.'),
      selector: str('selector is the label query over pods that should match the replicas count, in the string form of a label selector.'),
    }, 'status is the current status of the scale. Read-only.', { required: ['replicas'] }),
  }, 'Scale represents a scaling request for a resource.', { 'x-kubernetes-group-version-kind': [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }] }),
};
