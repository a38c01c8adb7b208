/** A small hand-written SchemaSet (mini Deployment → PodSpec → Container) shared by schema and patch tests. */
import type { Schema, SchemaSet } from '../../../../src/api/schema/index.js';
import {
  META, anyObj, arr, int, int64, intOrString, listMap, mapOf, obj, objectMetaRef, quantity, ref, set, str, strMap, time,
} from '../../../../src/api/schema/index.js';

export const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';
export const WIDGET = 'com.example.v1.Widget';

const withExt = (s: Schema, ext: Partial<Schema>): Schema => ({ ...s, ...ext });

export const schemas: SchemaSet = {
  [DEPLOYMENT]: obj({
    apiVersion: str(), kind: str(), metadata: objectMetaRef(),
    spec: ref('io.k8s.api.apps.v1.DeploymentSpec', 'Spec.'),
    status: ref('io.k8s.api.apps.v1.DeploymentStatus', 'Status.'),
  }),
  'io.k8s.api.apps.v1.DeploymentSpec': obj({
    replicas: int(),
    selector: ref(`${META}.LabelSelector`, 'Selector.'),
    template: ref('io.k8s.api.core.v1.PodTemplateSpec', 'Template.'),
    strategy: withExt(ref('io.k8s.api.apps.v1.DeploymentStrategy', 'Strategy.'), { 'x-kubernetes-patch-strategy': 'retainKeys' }),
  }),
  'io.k8s.api.apps.v1.DeploymentStrategy': obj({ type: str(), rollingUpdate: obj({ maxSurge: intOrString(), maxUnavailable: intOrString() }) }),
  'io.k8s.api.apps.v1.DeploymentStatus': obj({ replicas: int(), conditions: listMap(obj({ type: str(), status: str() }), 'type') }),
  'io.k8s.api.core.v1.PodTemplateSpec': obj({ metadata: objectMetaRef(), spec: ref('io.k8s.api.core.v1.PodSpec', 'Spec.') }),
  'io.k8s.api.core.v1.PodSpec': obj({
    containers: listMap(ref('io.k8s.api.core.v1.Container'), 'name'),
    volumes: listMap(ref('io.k8s.api.core.v1.Volume'), 'name', undefined, { strategy: 'merge,retainKeys' }),
    tolerations: arr(obj({ key: str(), operator: str(), value: str(), effect: str() })),
    nodeSelector: strMap(),
  }),
  'io.k8s.api.core.v1.Container': obj({
    name: str(), image: str(), command: arr(str()),
    env: listMap(obj({ name: str(), value: str() }), 'name'),
    ports: listMap(obj({ containerPort: int(), protocol: str(undefined, { default: 'TCP' }), name: str() }), 'containerPort',
      undefined, { mapKeys: ['containerPort', 'protocol'] }),
    volumeMounts: listMap(obj({ name: str(), mountPath: str() }), 'mountPath'),
    resources: obj({ limits: mapOf(quantity()), requests: mapOf(quantity()) }),
  }),
  'io.k8s.api.core.v1.Volume': obj({ name: str(), emptyDir: obj({ medium: str() }), configMap: obj({ name: str() }) }),
  [`${META}.ObjectMeta`]: obj({
    name: str(), namespace: str(), uid: str(), resourceVersion: str(), generation: int64(), creationTimestamp: time(),
    labels: strMap(), annotations: strMap(), finalizers: set(str()), managedFields: arr(anyObj()),
  }),
  [`${META}.LabelSelector`]: obj({ matchLabels: strMap() }, undefined, { 'x-kubernetes-map-type': 'atomic' }),
  [WIDGET]: obj({
    apiVersion: str(), kind: str(), metadata: objectMetaRef(),
    spec: obj({
      size: int(),
      config: anyObj(),
      template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: obj({ x: str() }) } },
      embeddedAny: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      port: intOrString(),
      extra: { type: 'object', additionalProperties: true },
    }),
  }),
};
