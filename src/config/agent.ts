/**
 * `kite agent` flags + environment → one validated AgentConfig (pure). The cluster's network settings
 * are not flags: the agent reads them from the cluster (`cluster-network.ts`).
 */
import { hostname } from 'node:os';
import { isIPv4 } from 'node:net';
import path from 'node:path';
import { DISABLEABLE } from './network.js';
import { ConfigError } from './errors.js';

export interface AgentFlags {
  server?: string;
  token?: string;
  caCertHash?: string;
  dataDir?: string;
  nodeName?: string;
  cpus?: string | number;
  memoryMb?: string | number;
  dataSizeGb?: string | number;
  kubeletPort?: string | number;
  nodeIp?: string;
  cniBridge?: string;
  disable?: string[];
  logFormat?: string;
  logLevel?: string;
}

export interface AgentConfig {
  server: string;
  /** Needed only for the first join; absent on restarts with stored credentials. */
  token?: string;
  caCertHash?: string;
  dataDir: string;
  nodeName: string;
  allocation: { cpus?: number; memoryMb?: number; dataSizeGb?: number };
  kubeletPort: number;
  nodeIp?: string;
  cniBridge: string;
  /** Only the node-local parts can be left out on an agent (servicelb is a control-plane loop). */
  disable: Array<'service-proxy' | 'dns'>;
  log: { format: 'json' | 'text'; level: string };
}

function int(flag: string, v: string | number | undefined, min: number, max: number): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(flag, `must be an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

export function resolveAgentConfig(f: AgentFlags, env: NodeJS.ProcessEnv = {}): AgentConfig {
  const server = f.server ?? env.KITE_SERVER;
  if (!server) throw new ConfigError('--server', 'required: the API server URL, e.g. https://10.0.0.1:6443');
  let url: URL;
  try { url = new URL(server); } catch { throw new ConfigError('--server', `not a URL: "${server}"`); }
  if (url.protocol !== 'https:') throw new ConfigError('--server', `must be an https:// URL, got "${server}"`);
  const token = f.token ?? env.KITE_TOKEN;
  let caCertHash: string | undefined;
  if (f.caCertHash !== undefined) {
    const m = /^sha256:([0-9a-fA-F]{64})$/.exec(f.caCertHash.trim());
    if (!m) throw new ConfigError('--ca-cert-hash', `must be sha256:<64 hex digits>, got "${f.caCertHash}"`);
    caCertHash = `sha256:${(m[1] as string).toLowerCase()}`;
  }
  const nodeName = (f.nodeName ?? env.KITE_NODE_NAME ?? hostname()).toLowerCase();
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(nodeName) || nodeName.length > 253) throw new ConfigError('--node-name', `"${nodeName}" is not a valid DNS-1123 subdomain`);
  if (f.nodeIp !== undefined && !isIPv4(f.nodeIp)) throw new ConfigError('--node-ip', `must be an IPv4 address, got "${f.nodeIp}"`);
  const bridge = f.cniBridge ?? 'kite0';
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(bridge)) throw new ConfigError('--cni-bridge', `must be an interface name of 1-15 letters, digits, '_', '.' or '-', got "${bridge}"`);
  const disable = (f.disable ?? []).map((d) => {
    if (d !== 'service-proxy' && d !== 'dns') {
      throw new ConfigError('--disable', `must be service-proxy or dns on an agent, got "${d}"${(DISABLEABLE as readonly string[]).includes(d) ? ' (a control-plane setting)' : ''}`);
    }
    return d;
  });
  const logFormat = f.logFormat ?? 'json';
  if (logFormat !== 'json' && logFormat !== 'text') throw new ConfigError('--log-format', `must be one of json, text, got "${logFormat}"`);
  return {
    server: server.replace(/\/+$/, ''),
    ...(token ? { token } : {}),
    ...(caCertHash ? { caCertHash } : {}),
    dataDir: path.resolve(f.dataDir ?? env.KITE_DATA_DIR ?? '/var/lib/kite'),
    nodeName,
    allocation: {
      cpus: int('--cpus', f.cpus, 1, 1024),
      memoryMb: int('--memory-mb', f.memoryMb, 64, 16 * 1024 * 1024),
      dataSizeGb: int('--data-size-gb', f.dataSizeGb, 1, 1024 * 1024),
    },
    kubeletPort: int('--kubelet-port', f.kubeletPort, 1, 65535) ?? 10250,
    ...(f.nodeIp !== undefined ? { nodeIp: f.nodeIp } : {}),
    cniBridge: bridge,
    disable,
    log: { format: logFormat, level: f.logLevel ?? env.KITE_LOG_LEVEL ?? 'info' },
  };
}
