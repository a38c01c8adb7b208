/**
 * `kite config new`: a ClusterConfig filled with this machine's detected values and safe defaults
 * (three quarters of the memory, all CPUs, half the free disk up to 20 GiB). Pure over HostFacts.
 */
import { stringify } from 'yaml';
import type { DeploymentType } from './cluster-config.js';
import type { HostFacts } from './host-checks-facts.js';

export interface TemplateFacts {
  hostname: string;
  cpus: number;
  memoryMB: number;
  freeDiskGB: number;
  primary?: HostFacts['primary'];
}

/** A DNS-1123 node name from a hostname (`My_Box` → `my-box`). */
export function nodeNameFromHostname(h: string): string {
  const s = h.toLowerCase().split('.')[0]!.replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  return s || 'node';
}

export function clusterConfigTemplate(type: DeploymentType, f: TemplateFacts): Record<string, unknown> {
  const network: Record<string, unknown> = { apiServerPort: 6443 };
  if (f.primary) {
    network.nodeAddress = f.primary.address;
    network.nodeSubnet = f.primary.subnet;
  }
  if (type === 'Scalable' && f.primary) network.controlPlaneEndpoint = `${f.primary.address}:6443`;
  return {
    apiVersion: 'kite.dev/v1alpha1',
    kind: 'ClusterConfig',
    clusterName: 'kite',
    deploymentType: type,
    dataDir: '/var/lib/kite',
    clusterCidr: '10.42.0.0/16',
    serviceCidr: '10.43.0.0/16',
    clusterDns: '10.43.0.10',
    datastore: { type: 'sqlite' },
    network,
    machines: [{
      name: nodeNameFromHostname(f.hostname),
      ...(f.primary ? { address: f.primary.address } : {}),
      controlPlane: true,
      cpuCount: Math.max(1, f.cpus),
      memoryMB: Math.max(256, Math.floor((f.memoryMB * 0.75) / 64) * 64),
      dataSizeGB: Math.max(1, Math.min(20, Math.floor(f.freeDiskGB / 2))),
      logSizeGB: 1,
    }],
  };
}

export function renderClusterConfig(cfg: unknown, format: 'yaml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(cfg, null, 2)}\n`;
  return `# Kite ClusterConfig — reference: schema/cluster-config.schema.json; check with: kite config check -c FILE\n${stringify(cfg)}`;
}
