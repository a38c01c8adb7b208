/**
 * ClusterConfig → the `kite server` command line and environment for one machine (pure; unit-tested).
 * The service (systemd unit or background supervisor) runs exactly this, so `kite server --help`
 * stays the one reference for what each setting does at run time.
 */
import type { ClusterConfig, MachineConfig } from './cluster-config.js';
import type { ServerFlags } from './server.js';

/** The typed flags (what `resolveServerConfig` takes) for `machine` of `cfg`. */
export function clusterConfigToServerFlags(cfg: ClusterConfig, machine: MachineConfig): ServerFlags {
  const n = cfg.network;
  const nodeIp = machine.address ?? n.nodeAddress;
  const sans = new Set<string>();
  if (nodeIp) sans.add(nodeIp);
  if (n.controlPlaneEndpoint) sans.add(n.controlPlaneEndpoint.replace(/:\d+$/, ''));
  return {
    dataDir: cfg.dataDir,
    httpsPort: n.apiServerPort,
    bindAddress: n.bindAddress,
    nodeName: machine.name,
    datastore: cfg.datastore.type,
    sqliteSynchronous: cfg.datastore.sqliteSynchronous,
    cpus: machine.cpuCount,
    memoryMb: machine.memoryMB,
    dataSizeGb: machine.dataSizeGB,
    kubeletPort: n.kubeletPort,
    tlsSan: [...sans],
    clusterCidr: cfg.clusterCidr,
    serviceCidr: cfg.serviceCidr,
    clusterDns: cfg.clusterDns,
    clusterDomain: cfg.clusterDomain,
    serviceNodePortRange: n.serviceNodePortRange,
    ...(n.loadBalancerRange ? { lbRangeStart: n.loadBalancerRange.start, lbRangeSize: n.loadBalancerRange.size } : {}),
    ...(nodeIp ? { nodeIp } : {}),
    dnsUpstream: n.dnsServers ?? [],
    disable: n.disable,
    logFormat: 'text',
  };
}

const FLAG_NAMES: Array<[keyof ServerFlags, string]> = [
  ['dataDir', '--data-dir'], ['httpsPort', '--https-port'], ['bindAddress', '--bind-address'], ['nodeName', '--node-name'],
  ['datastore', '--datastore'], ['sqliteSynchronous', '--sqlite-synchronous'], ['cpus', '--cpus'], ['memoryMb', '--memory-mb'],
  ['dataSizeGb', '--data-size-gb'], ['kubeletPort', '--kubelet-port'], ['tlsSan', '--tls-san'], ['clusterCidr', '--cluster-cidr'],
  ['serviceCidr', '--service-cidr'], ['clusterDns', '--cluster-dns'], ['clusterDomain', '--cluster-domain'],
  ['serviceNodePortRange', '--service-node-port-range'], ['lbRangeStart', '--lb-range-start'], ['lbRangeSize', '--lb-range-size'],
  ['nodeIp', '--node-ip'], ['dnsUpstream', '--dns-upstream'], ['disable', '--disable'], ['logFormat', '--log-format'],
  ['cniBridge', '--cni-bridge'],
];

/** `kite server` arguments (after the `server` word); repeatable flags are repeated. */
export function serverFlagsToArgs(f: ServerFlags): string[] {
  const args: string[] = [];
  for (const [key, flag] of FLAG_NAMES) {
    const v = f[key];
    if (v === undefined || v === false) continue;
    for (const item of Array.isArray(v) ? v : [v]) args.push(flag, String(item));
  }
  return args;
}

/** Proxy settings for Kite and its containerd (image pulls); both spellings, as tools differ. */
export function clusterConfigEnv(cfg: ClusterConfig): Record<string, string> {
  const p = cfg.network.proxy ?? {};
  const env: Record<string, string> = {};
  const set = (k: string, v: string | undefined) => { if (v) { env[k] = v; env[k.toLowerCase()] = v; } };
  set('HTTP_PROXY', p.httpProxy);
  set('HTTPS_PROXY', p.httpsProxy);
  set('NO_PROXY', p.noProxy);
  return env;
}
