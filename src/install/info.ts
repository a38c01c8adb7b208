/**
 * `kite info`: what is deployed and how it is doing — version, cluster, API endpoint, service state,
 * network ranges (and which LoadBalancer IPs are taken), datastore, and per node the allocation from
 * the config next to the Node's capacity and the current usage (metrics.k8s.io, when available).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ClusterConfig } from '../config/cluster-config.js';
import type { KObject } from '../api/types/index.js';
import { loadKubeconfig } from '../client/index.js';
import { installPaths } from './paths.js';
import { serviceManager, type ServiceStatus } from './service.js';
import { cniBridgeOf } from './service-spec.js';
import { clientFor } from './wait.js';

export interface NodeInfo {
  name: string;
  ready: boolean;
  /** The node's share of clusterCidr (spec.podCIDR), once allocated. */
  podCidr?: string;
  /** From the config's machines[]: what this machine may use. */
  configured?: { cpuCount: number; memoryMB: number; dataSizeGB: number };
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  usage?: { cpu?: string; memory?: string };
}

export interface ClusterInfo {
  version: { kite: string; kubernetes?: string };
  cluster: { name: string; deploymentType: string };
  apiEndpoint?: string;
  apiReachable: boolean;
  service: ServiceStatus;
  dataDir: string;
  datastore: { type: string; path: string };
  network: {
    clusterCidr: string; serviceCidr: string; clusterDns: string; serviceNodePortRange: string;
    /** The pod bridge on this machine (kite0 unless KITE_CNI_BRIDGE moved it). */
    podBridge: string;
    loadBalancerRange?: { start: string; size: number; inUse: string[] };
  };
  nodes: NodeInfo[];
}

interface NodeObj extends KObject { spec?: { podCIDR?: string }; status?: { capacity?: Record<string, string>; allocatable?: Record<string, string>; conditions?: Array<{ type: string; status: string }> } }
interface SvcObj extends KObject { spec?: { type?: string }; status?: { loadBalancer?: { ingress?: Array<{ ip?: string }> } } }
interface NodeMetrics extends KObject { usage?: { cpu?: string; memory?: string } }

export async function clusterInfo(cfg: ClusterConfig, env: NodeJS.ProcessEnv, kiteVersion: string): Promise<ClusterInfo> {
  const p = installPaths(cfg.dataDir, env);
  const service = await serviceManager(cfg.dataDir, env).status();
  const lb = cfg.network.loadBalancerRange;
  const info: ClusterInfo = {
    version: { kite: kiteVersion },
    cluster: { name: cfg.clusterName, deploymentType: cfg.deploymentType },
    apiReachable: false,
    service,
    dataDir: cfg.dataDir,
    datastore: { type: cfg.datastore.type, path: path.join(cfg.dataDir, 'db', 'state.db') },
    network: {
      clusterCidr: cfg.clusterCidr, serviceCidr: cfg.serviceCidr, clusterDns: cfg.clusterDns, serviceNodePortRange: cfg.network.serviceNodePortRange,
      podBridge: cniBridgeOf(env),
      ...(lb ? { loadBalancerRange: { ...lb, inUse: [] as string[] } } : {}),
    },
    nodes: cfg.machines.map((m) => ({ name: m.name, ready: false, configured: { cpuCount: m.cpuCount, memoryMB: m.memoryMB, dataSizeGB: m.dataSizeGB } })),
  };
  if (!existsSync(p.kubeconfig)) return info;
  const client = clientFor(p.kubeconfig);
  try {
    const version = await client.raw('GET', '/version', undefined, undefined, { signal: AbortSignal.timeout(3000) }) as { gitVersion?: string };
    info.apiReachable = true;
    info.version.kubernetes = version.gitVersion;
    info.apiEndpoint = loadKubeconfig(p.kubeconfig).server;
    const nodes = await client.list<NodeObj>({ group: '', version: 'v1', plural: 'nodes' });
    const metrics = await client.list<NodeMetrics>({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' }).catch(() => ({ items: [] as NodeMetrics[] }));
    const byName = new Map(info.nodes.map((n) => [n.name, n]));
    for (const n of nodes.items) {
      const name = n.metadata?.name ?? '';
      const entry = byName.get(name) ?? { name, ready: false };
      entry.ready = n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      if (n.spec?.podCIDR) entry.podCidr = n.spec.podCIDR;
      if (n.status?.capacity) entry.capacity = n.status.capacity;
      if (n.status?.allocatable) entry.allocatable = n.status.allocatable;
      const usage = metrics.items.find((m) => m.metadata?.name === name)?.usage;
      if (usage) entry.usage = usage;
      if (!byName.has(name)) { info.nodes.push(entry); byName.set(name, entry); }
    }
    if (info.network.loadBalancerRange) {
      const svcs = await client.list<SvcObj>({ group: '', version: 'v1', plural: 'services' });
      info.network.loadBalancerRange.inUse = svcs.items.filter((s) => s.spec?.type === 'LoadBalancer')
        .flatMap((s) => s.status?.loadBalancer?.ingress?.map((i) => i.ip ?? '') ?? []).filter(Boolean);
    }
  } catch { /* API down: report what the config says */ } finally {
    client.close();
  }
  return info;
}

export function renderInfoText(i: ClusterInfo): string {
  const L: string[] = [];
  L.push(`Kite ${i.version.kite}${i.version.kubernetes ? ` (Kubernetes ${i.version.kubernetes})` : ''}`);
  L.push(`cluster:     ${i.cluster.name} (${i.cluster.deploymentType})`);
  L.push(`service:     ${i.service.running ? 'running' : 'stopped'} (${i.service.manager}${i.service.serverPid ? `, server pid ${i.service.serverPid}` : ''})`);
  L.push(`API:         ${i.apiEndpoint ?? '-'} ${i.apiReachable ? '(reachable)' : '(not reachable)'}`);
  L.push(`datastore:   ${i.datastore.type} at ${i.datastore.path}`);
  L.push(`pods:        ${i.network.clusterCidr} (bridge ${i.network.podBridge})   services: ${i.network.serviceCidr}   DNS: ${i.network.clusterDns}   NodePorts: ${i.network.serviceNodePortRange}`);
  const lb = i.network.loadBalancerRange;
  L.push(`LB range:    ${lb ? `${lb.start} (+${lb.size}), in use: ${lb.inUse.join(', ') || 'none'}` : 'node address (no range configured)'}`);
  L.push('nodes:');
  for (const n of i.nodes) {
    const c = n.configured;
    L.push(`  ${n.name}  ${n.ready ? 'Ready' : 'NotReady'}  pods: ${n.podCidr ?? '-'}  allocation: ${c ? `${c.cpuCount} CPU, ${c.memoryMB} MiB, ${c.dataSizeGB} GiB` : '-'}`
      + `  capacity: ${n.capacity ? `${n.capacity.cpu} CPU, ${n.capacity.memory}` : '-'}  usage: ${n.usage ? `${n.usage.cpu} CPU, ${n.usage.memory}` : '-'}`);
  }
  return L.join('\n');
}
