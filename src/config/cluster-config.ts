/**
 * ClusterConfig (apiVersion kite.dev/v1alpha1): the file `kite config new` writes and `kite deploy`
 * applies (DESIGN §3). Types, defaults and parsing live here; validation in cluster-config-validate.ts,
 * the mapping onto `kite server` flags in cluster-config-flags.ts.
 */
import { parseDocument } from 'yaml';
import { nthAddress, parseCidr } from '../api/net/ipv4.js';

export type DeploymentType = 'SingleMachine' | 'Scalable';

export interface MachineConfig {
  name: string;
  address?: string;
  controlPlane: boolean;
  cpuCount: number;
  memoryMB: number;
  dataSizeGB: number;
  logSizeGB: number;
}

export interface ClusterNetworkConfig {
  nodeAddress?: string;
  nodeSubnet?: string;
  controlPlaneEndpoint?: string;
  apiServerPort: number;
  bindAddress: string;
  kubeletPort: number;
  serviceNodePortRange: string;
  loadBalancerRange?: { start: string; size: number };
  proxy?: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
  dnsServers?: string[];
  disable: Array<'service-proxy' | 'dns' | 'servicelb'>;
}

/** A ClusterConfig with every default applied (what the rest of Kite works with). */
export interface ClusterConfig {
  apiVersion: 'kite.dev/v1alpha1';
  kind: 'ClusterConfig';
  clusterName: string;
  deploymentType: DeploymentType;
  dataDir: string;
  clusterCidr: string;
  serviceCidr: string;
  clusterDns: string;
  clusterDomain: string;
  datastore: { type: 'sqlite' | 'etcd'; sqliteSynchronous: 'FULL' | 'NORMAL' };
  network: ClusterNetworkConfig;
  machines: MachineConfig[];
  images: string[];
  hub?: { url?: string; token?: string };
}

export const CLUSTER_CONFIG_API_VERSION = 'kite.dev/v1alpha1';

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

/**
 * Fills the defaults the schema documents. Runs after schema validation (so types are right);
 * a bad serviceCidr leaves clusterDns empty for the semantic check to report.
 */
export function applyClusterConfigDefaults(raw: unknown): ClusterConfig {
  const r = obj(raw);
  const net = obj(r.network);
  const ds = obj(r.datastore);
  const deploymentType = (r.deploymentType as DeploymentType | undefined) ?? 'SingleMachine';
  const serviceCidr = (r.serviceCidr as string | undefined) ?? '10.43.0.0/16';
  let clusterDns = r.clusterDns as string | undefined;
  if (clusterDns === undefined) {
    try { clusterDns = nthAddress(parseCidr(serviceCidr), 10); } catch { clusterDns = ''; }
  }
  const machines = (Array.isArray(r.machines) ? r.machines : []).map((m) => {
    const mm = obj(m);
    return {
      ...(mm as unknown as MachineConfig),
      controlPlane: (mm.controlPlane as boolean | undefined) ?? deploymentType === 'SingleMachine',
      dataSizeGB: (mm.dataSizeGB as number | undefined) ?? 10,
      logSizeGB: (mm.logSizeGB as number | undefined) ?? 1,
    };
  });
  return {
    apiVersion: 'kite.dev/v1alpha1',
    kind: 'ClusterConfig',
    clusterName: (r.clusterName as string | undefined) ?? 'kite',
    deploymentType,
    dataDir: (r.dataDir as string | undefined) ?? '/var/lib/kite',
    clusterCidr: (r.clusterCidr as string | undefined) ?? '10.42.0.0/16',
    serviceCidr,
    clusterDns,
    clusterDomain: (r.clusterDomain as string | undefined) ?? 'cluster.local',
    datastore: { type: (ds.type as 'sqlite' | 'etcd' | undefined) ?? 'sqlite', sqliteSynchronous: (ds.sqliteSynchronous as 'FULL' | 'NORMAL' | undefined) ?? 'FULL' },
    network: {
      ...(net as unknown as ClusterNetworkConfig),
      apiServerPort: (net.apiServerPort as number | undefined) ?? 6443,
      bindAddress: (net.bindAddress as string | undefined) ?? '0.0.0.0',
      kubeletPort: (net.kubeletPort as number | undefined) ?? 10250,
      serviceNodePortRange: (net.serviceNodePortRange as string | undefined) ?? '30000-32767',
      disable: (net.disable as ClusterNetworkConfig['disable'] | undefined) ?? [],
    },
    machines,
    images: (r.images as string[] | undefined) ?? [],
    ...(r.hub !== undefined ? { hub: obj(r.hub) } : {}),
  };
}

/** A file that is neither YAML nor JSON; `line` is 1-based when known. */
export class ConfigSyntaxError extends Error {
  override readonly name = 'ConfigSyntaxError';
}

/** Parses YAML or JSON (JSON is YAML) into plain data; duplicate keys and syntax errors are refused. */
export function parseClusterConfigText(text: string, file = 'config'): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new ConfigSyntaxError(`${file}${line ? `:${line}` : ''}: not valid YAML/JSON: ${e.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS();
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ConfigSyntaxError(`${file}: must be a mapping with apiVersion: ${CLUSTER_CONFIG_API_VERSION} and kind: ClusterConfig`);
  return data;
}

/** The machine `kite deploy` on this host brings up: the only one, or the one matching name/address. */
export function localMachine(cfg: ClusterConfig, host: { hostname: string; addresses: string[] }): MachineConfig | undefined {
  if (cfg.deploymentType === 'SingleMachine' || cfg.machines.length === 1) return cfg.machines[0];
  return cfg.machines.find((m) => m.name === host.hostname.toLowerCase() || (m.address !== undefined && host.addresses.includes(m.address)));
}

/** Reads and parses a config file (validation is the caller's next step). */
export async function readClusterConfigFile(file: string): Promise<unknown> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch (e) {
    throw new ConfigSyntaxError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseClusterConfigText(text, file);
}
