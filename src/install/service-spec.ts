/**
 * What the service runs for a deployed config: `node dist/cli/main.js server <flags>` with the proxy
 * environment. Shared by the systemd unit and the background supervisor, so both run the same thing.
 */
import os from 'node:os';
import { localMachine, readClusterConfigFile, type ClusterConfig, type MachineConfig } from '../config/cluster-config.js';
import { clusterConfigEnv, clusterConfigToServerFlags, serverFlagsToArgs } from '../config/cluster-config-flags.js';
import { formatIssue, validateClusterConfig } from '../config/cluster-config-validate.js';
import { KITE_MAIN } from './paths.js';

export interface ServiceSpec {
  /** argv: node binary first. */
  argv: string[];
  env: Record<string, string>;
  /** Kite's log is rotated (one old generation) to stay below this. */
  logMaxBytes: number;
}

export function hostIdentity(): { hostname: string; addresses: string[] } {
  const addresses = Object.values(os.networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4').map((a) => a!.address);
  return { hostname: os.hostname(), addresses };
}

/**
 * Test/dev knob, not part of the ClusterConfig: `KITE_CNI_BRIDGE` moves the pod bridge off `kite0`
 * (`kite server --cni-bridge`), so a test can deploy beside other Kite instances on one host. Like
 * KITE_ETC_DIR it must be set for every command that starts the service (deploy, start); remove needs
 * nothing, the agent records its bridge under the data dir.
 */
export function cniBridgeOf(env: NodeJS.ProcessEnv): string {
  return env.KITE_CNI_BRIDGE || 'kite0';
}

export function serviceSpec(cfg: ClusterConfig, machine: MachineConfig, env: NodeJS.ProcessEnv): ServiceSpec {
  const bridge = cniBridgeOf(env);
  const flags = { ...clusterConfigToServerFlags(cfg, machine), ...(bridge !== 'kite0' ? { cniBridge: bridge } : {}) };
  return {
    argv: [process.execPath, KITE_MAIN, 'server', ...serverFlagsToArgs(flags)],
    env: clusterConfigEnv(cfg),
    logMaxBytes: machine.logSizeGB * 2 ** 30,
  };
}

/** Reads, validates and resolves a deployed config file; throws one line on any problem. */
export async function loadDeployedConfig(file: string): Promise<{ config: ClusterConfig; machine: MachineConfig }> {
  const r = validateClusterConfig(await readClusterConfigFile(file));
  if (!r.ok) throw new Error(`${file}: ${r.issues.map(formatIssue).join('; ')}`);
  const machine = localMachine(r.config, hostIdentity());
  if (!machine) throw new Error(`${file}: no machine in the config matches this host`);
  return { config: r.config, machine };
}
