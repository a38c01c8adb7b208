/**
 * `kite server` flags + environment → one validated ServerConfig (pure; unit-tested).
 * Contract: DESIGN.md §3 (flags, default data dir, ports).
 */
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import path from 'node:path';
import { ConfigError } from './errors.js';
import { resolveNetworkConfig, type NetworkConfig, type NetworkFlags } from './network.js';

export interface ServerFlags extends NetworkFlags {
  dataDir?: string;
  httpsPort?: string | number;
  bindAddress?: string;
  disableAgent?: boolean;
  nodeName?: string;
  datastore?: string;
  cpus?: string | number;
  memoryMb?: string | number;
  dataSizeGb?: string | number;
  tlsSan?: string[];
  logFormat?: string;
  logLevel?: string;
  watchBookmarkSeconds?: string | number;
  sqliteSynchronous?: string;
  compactIntervalSeconds?: string | number;
  compactRetain?: string | number;
  nodeMonitorGraceSeconds?: string | number;
  kubeletPort?: string | number;
  controlLoopsThread?: boolean;
  cniBridge?: string;
}

export interface ServerConfig {
  dataDir: string;
  httpsPort: number;
  bindAddress: string;
  disableAgent: boolean;
  nodeName: string;
  datastore: 'sqlite' | 'etcd';
  allocation: { cpus?: number; memoryMb?: number; dataSizeGb?: number };
  tlsSans: { hostnames: string[]; ips: string[] };
  log: { format: 'json' | 'text'; level: string };
  watchBookmarkMs: number;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** History compaction: how often, and how many recent revisions stay watchable. */
  compaction: { intervalMs: number; retainRevisions: number };
  /** How long a node may go without a Lease renewal or heartbeat before it is marked Unknown. */
  nodeMonitorGraceMs: number;
  /** The node agent's kubelet API port (logs, exec, stats), advertised on the Node. */
  kubeletPort: number;
  /** Controllers + scheduler on a worker thread of their own: ~1.5× pods/s at scale, ~+25 MiB RSS. */
  controlLoopsThread: boolean;
  /** Pod/Service CIDRs, cluster DNS, NodePort and LoadBalancer ranges (DESIGN §3; issue 5). */
  network: NetworkConfig;
  /** The node agent's CNI bridge (hidden flag; tests running several servers on one host). */
  cniBridge: string;
}

export { ConfigError };

function int(flag: string, v: string | number | undefined, min: number, max: number): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(flag, `must be an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(v)) throw new ConfigError(flag, `must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

/** A Linux interface name: 1-15 characters, no '/', whitespace or ':'. */
function bridgeName(v: string): string {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(v)) throw new ConfigError('--cni-bridge', `must be an interface name of 1-15 letters, digits, '_', '.' or '-', got "${v}"`);
  return v;
}

export function resolveServerConfig(f: ServerFlags, env: NodeJS.ProcessEnv = {}): ServerConfig {
  const bindAddress = f.bindAddress ?? '127.0.0.1';
  if (!isIP(bindAddress)) throw new ConfigError('--bind-address', `must be an IP address, got "${bindAddress}"`);
  const sans = { hostnames: [] as string[], ips: [] as string[] };
  for (const s of [hostname(), ...(f.tlsSan ?? [])]) (isIP(s) ? sans.ips : sans.hostnames).push(s);
  if (bindAddress !== '0.0.0.0' && bindAddress !== '::') sans.ips.push(bindAddress);
  const nodeName = (f.nodeName ?? env.KITE_NODE_NAME ?? hostname()).toLowerCase();
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(nodeName)) throw new ConfigError('--node-name', `"${nodeName}" is not a valid DNS-1123 subdomain`);
  return {
    dataDir: path.resolve(f.dataDir ?? env.KITE_DATA_DIR ?? '/var/lib/kite'),
    httpsPort: int('--https-port', f.httpsPort, 0, 65535) ?? 6443,
    bindAddress,
    disableAgent: Boolean(f.disableAgent),
    nodeName,
    datastore: oneOf('--datastore', f.datastore, ['sqlite', 'etcd'] as const, 'sqlite'),
    allocation: {
      cpus: int('--cpus', f.cpus, 1, 1024),
      memoryMb: int('--memory-mb', f.memoryMb, 64, 16 * 1024 * 1024),
      dataSizeGb: int('--data-size-gb', f.dataSizeGb, 1, 1024 * 1024),
    },
    tlsSans: sans,
    log: { format: oneOf('--log-format', f.logFormat, ['json', 'text'] as const, 'json'), level: f.logLevel ?? env.KITE_LOG_LEVEL ?? 'info' },
    watchBookmarkMs: (int('--watch-bookmark-seconds', f.watchBookmarkSeconds, 1, 3600) ?? 60) * 1000,
    sqliteSynchronous: oneOf('--sqlite-synchronous', f.sqliteSynchronous, ['FULL', 'NORMAL'] as const, 'FULL'),
    compaction: {
      intervalMs: (int('--compact-interval-seconds', f.compactIntervalSeconds, 1, 86_400) ?? 300) * 1000,
      retainRevisions: int('--compact-retain', f.compactRetain, 0, 100_000_000) ?? 10_000,
    },
    nodeMonitorGraceMs: (int('--node-monitor-grace-seconds', f.nodeMonitorGraceSeconds, 1, 3600) ?? 40) * 1000,
    kubeletPort: int('--kubelet-port', f.kubeletPort, 1, 65535) ?? 10250,
    controlLoopsThread: Boolean(f.controlLoopsThread),
    network: resolveNetworkConfig(f),
    cniBridge: bridgeName(f.cniBridge ?? 'kite0'),
  };
}
