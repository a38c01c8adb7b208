/**
 * metrics.k8s.io/v1beta1 (what `kubectl top` reads): NodeMetrics and PodMetrics. Virtual and
 * read-only: nothing is stored; the API server answers them from the nodes' kubelet Summary API
 * (src/apiserver/metrics-api.ts), the way metrics-server does behind an aggregated API.
 */
import { arr, gvkName, obj, objectMetaRef, quantity, ref, str, time } from '../schema/dsl.js';
import type { SchemaSet } from '../schema/types.js';
import { defineResource, type AnyResourceDef } from './types.js';

export const METRICS_GROUP = 'metrics.k8s.io';
const V = 'v1beta1';
const n = (k: string) => gvkName(METRICS_GROUP, V, k);
const gvk = (kind: string) => ({ 'x-kubernetes-group-version-kind': [{ group: METRICS_GROUP, version: V, kind }] });
const usage = () => obj({ cpu: quantity('CPU usage in cores.'), memory: quantity('Memory working set in bytes.') }, 'The resource usage over the window.');

export const nodeMetrics = defineResource({
  group: METRICS_GROUP, version: V, kind: 'NodeMetrics', plural: 'nodes', singular: '', namespaced: false,
  virtual: true, verbs: ['get', 'list'], schema: n('NodeMetrics'),
});

export const podMetrics = defineResource({
  group: METRICS_GROUP, version: V, kind: 'PodMetrics', plural: 'pods', singular: '', namespaced: true,
  virtual: true, verbs: ['get', 'list'], schema: n('PodMetrics'),
});

export const metricsResources: AnyResourceDef[] = [nodeMetrics, podMetrics];

const common = {
  apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
  kind: str('Kind is a string value representing the REST resource this object represents.'),
  metadata: objectMetaRef(),
  timestamp: time('The end of the window the usage was measured over.'),
  window: str('The length of the window, a duration like "10s".'),
};

export const metricsSchemas: SchemaSet = {
  [n('NodeMetrics')]: obj({ ...common, usage: usage() }, 'NodeMetrics sets resource usage metrics of a node.', gvk('NodeMetrics')),
  [n('PodMetrics')]: obj({
    ...common,
    containers: arr(ref(n('ContainerMetrics')), 'Metrics for all containers are collected within the same time window.'),
  }, 'PodMetrics sets resource usage metrics of a pod.', gvk('PodMetrics')),
  [n('ContainerMetrics')]: obj({ name: str('Container name corresponding to the one from pod.spec.containers.'), usage: usage() },
    'ContainerMetrics sets resource usage metrics of a container.'),
};
