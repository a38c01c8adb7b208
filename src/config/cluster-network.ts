/**
 * The cluster-wide network settings a joining `kite agent` needs, as published by `kite server` in
 * ConfigMap `kube-system/kite-cluster-network` (so the agent takes no network flags). Pure: the
 * ConfigMap's data both ways; reading re-validates through `resolveNetworkConfig`, so a hand-edited
 * ConfigMap fails with the setting named.
 */
import { ConfigError } from './errors.js';
import { resolveNetworkConfig, type NetworkConfig } from './network.js';

export const CLUSTER_NETWORK_CONFIGMAP = { namespace: 'kube-system', name: 'kite-cluster-network' };

const KEYS = ['clusterCidr', 'serviceCidr', 'clusterDns', 'clusterDomain', 'serviceNodePortRange'] as const;

export function clusterNetworkData(n: NetworkConfig): Record<string, string> {
  return {
    clusterCidr: n.clusterCidr, serviceCidr: n.serviceCidr, clusterDns: n.clusterDns, clusterDomain: n.clusterDomain,
    serviceNodePortRange: `${n.nodePortRange.min}-${n.nodePortRange.max}`,
  };
}

/** The cluster's settings plus this machine's own (`nodeIp`, `disable`, `dnsUpstream`). */
export function networkFromClusterData(
  data: Record<string, string> | undefined,
  local: { nodeIp?: string; disable?: string[]; dnsUpstream?: string[] } = {},
): NetworkConfig {
  const missing = KEYS.filter((k) => !data?.[k]);
  if (missing.length) {
    throw new ConfigError(`${CLUSTER_NETWORK_CONFIGMAP.namespace}/${CLUSTER_NETWORK_CONFIGMAP.name}`, `missing ${missing.join(', ')}`);
  }
  const d = data as Record<(typeof KEYS)[number], string>;
  return resolveNetworkConfig({
    clusterCidr: d.clusterCidr, serviceCidr: d.serviceCidr, clusterDns: d.clusterDns, clusterDomain: d.clusterDomain,
    serviceNodePortRange: d.serviceNodePortRange, ...local,
  });
}
