/**
 * What `kite server` publishes at start for machines that join (`kite agent`): ConfigMap
 * `kube-public/cluster-info` (kubeadm's: the API server URL and CA, readable anonymously and signed
 * per bootstrap token by the bootstrap signer) and `kube-system/kite-cluster-network` (pod/Service
 * CIDRs, cluster DNS and domain, read by agents with their node credentials). Only the keys Kite
 * owns are written (a merge patch), so the signer's `jws-kubeconfig-*` keys survive a restart.
 */
import { isNotFound, type KubeClient } from './client/index.js';
import { CLUSTER_NETWORK_CONFIGMAP, clusterNetworkData } from './config/cluster-network.js';
import type { NetworkConfig } from './config/network.js';
import { renderClusterInfoKubeconfig } from './pki/index.js';

const configMaps = (namespace: string) => ({ group: '', version: 'v1', plural: 'configmaps', namespace });

async function upsertConfigMapData(client: KubeClient, namespace: string, name: string, data: Record<string, string>): Promise<void> {
  try {
    await client.patch(configMaps(namespace), name, 'merge', { data });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await client.create(configMaps(namespace), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });
  }
}

export async function publishClusterConfig(client: KubeClient, o: { server: string; caPem: string; network: NetworkConfig }): Promise<void> {
  await upsertConfigMapData(client, 'kube-public', 'cluster-info', { kubeconfig: renderClusterInfoKubeconfig({ server: o.server, caPem: o.caPem }) });
  await upsertConfigMapData(client, CLUSTER_NETWORK_CONFIGMAP.namespace, CLUSTER_NETWORK_CONFIGMAP.name, clusterNetworkData(o.network));
}
