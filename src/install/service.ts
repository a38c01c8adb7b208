/**
 * The Kite service behind one small interface: a systemd unit where systemd runs, otherwise the
 * detached `kite supervise` process (pid + log files under DATA_DIR). `KITE_SERVICE_MANAGER` forces one.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterConfig, MachineConfig } from '../config/cluster-config.js';
import { installPaths, KITE_MAIN, SERVICE_NAME, type InstallPaths } from './paths.js';
import { livePid, removePid, terminate, waitGone } from './pids.js';
import { serviceSpec } from './service-spec.js';
import { installSystemdUnit, systemdActive, systemdRestart, systemdStart, systemdStop, uninstallSystemdUnit } from './systemd.js';

export interface ServiceStatus {
  manager: 'systemd' | 'process';
  running: boolean;
  supervisorPid?: number;
  serverPid?: number;
}

export interface ServiceManager {
  readonly kind: 'systemd' | 'process';
  /** Writes what the service needs (the unit file); the config file must already be in place. */
  install(cfg: ClusterConfig, machine: MachineConfig): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<ServiceStatus>;
  uninstall(): Promise<void>;
}

export function pickServiceManager(env: NodeJS.ProcessEnv): 'systemd' | 'process' {
  if (env.KITE_SERVICE_MANAGER === 'systemd' || env.KITE_SERVICE_MANAGER === 'process') return env.KITE_SERVICE_MANAGER;
  return existsSync('/run/systemd/system') ? 'systemd' : 'process';
}

/** Time `kite server` gets to stop its components (the agent stops containerd) before SIGKILL. */
const STOP_GRACE_MS = 60_000;

function processService(p: InstallPaths, configFile: string, env: NodeJS.ProcessEnv): ServiceManager {
  const status = async (): Promise<ServiceStatus> => {
    const supervisorPid = await livePid(p.supervisorPidFile, 'supervise');
    const serverPid = await livePid(p.serverPidFile, 'server');
    return { manager: 'process', running: supervisorPid !== undefined, ...(supervisorPid ? { supervisorPid } : {}), ...(serverPid ? { serverPid } : {}) };
  };
  const start = async () => {
    if ((await status()).running) return;
    await mkdir(p.logDir, { recursive: true, mode: 0o700 });
    const log = await open(p.logFile, 'a', 0o600);
    // Detached into its own session: it outlives the deploy command and the terminal.
    const child = spawn(process.execPath, [KITE_MAIN, 'supervise', '--config', configFile], {
      detached: true, stdio: ['ignore', log.fd, log.fd], env: { ...env }, cwd: '/',
    });
    child.unref();
    await log.close();
    // The supervisor writes its pid file first thing; wait for it so status() is right at once.
    for (let i = 0; i < 200 && !(await livePid(p.supervisorPidFile, 'supervise')); i++) {
      if (child.exitCode !== null) throw new Error(`kite supervise exited with ${child.exitCode}; see ${p.logFile}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const stop = async () => {
    const s = await status();
    if (s.supervisorPid) {
      process.kill(s.supervisorPid, 'SIGTERM');
      if (!(await waitGone(s.supervisorPid, STOP_GRACE_MS))) {
        if (s.serverPid) await terminate(s.serverPid, 0);
        await terminate(s.supervisorPid, 0);
      }
    }
    // A server left by a supervisor that was SIGKILLed.
    const orphan = await livePid(p.serverPidFile, 'server');
    if (orphan) await terminate(orphan, STOP_GRACE_MS);
    await removePid(p.supervisorPidFile);
    await removePid(p.serverPidFile);
  };
  return {
    kind: 'process',
    install: async () => undefined,
    start,
    restart: async () => { await stop(); await start(); },
    stop,
    status,
    uninstall: async () => { await stop(); await rm(p.runDir, { recursive: true, force: true }); },
  };
}

function systemdService(p: InstallPaths, env: NodeJS.ProcessEnv): ServiceManager {
  const unit = path.basename(p.systemdUnit);
  return {
    kind: 'systemd',
    install: (cfg, machine) => installSystemdUnit(p.systemdUnit, serviceSpec(cfg, machine, env)),
    start: () => systemdStart(unit),
    restart: () => systemdRestart(unit),
    stop: () => (existsSync(p.systemdUnit) ? systemdStop(unit) : Promise.resolve()),
    status: async () => ({ manager: 'systemd', running: await systemdActive(unit) }),
    uninstall: () => uninstallSystemdUnit(p.systemdUnit),
  };
}

export function serviceManager(dataDir: string, env: NodeJS.ProcessEnv): ServiceManager {
  const p = installPaths(dataDir, env);
  return pickServiceManager(env) === 'systemd' ? systemdService(p, env) : processService(p, p.configFile, env);
}

export { SERVICE_NAME };
