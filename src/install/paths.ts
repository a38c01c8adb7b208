/**
 * Where an installation keeps its files. Defaults are the real system paths; every one can be moved
 * so tests (and a developer running a second Kite) never touch /etc/kite, /var/lib/kite or port 6443:
 * - `KITE_ETC_DIR` (default /etc/kite): the deployed config (`config.yaml`) and `deployment.json`;
 * - the config's `dataDir`: state, and the service's pid files (`run/`) and log (`logs/kite.log`);
 * - `KITE_SYSTEMD_DIR` (default /etc/systemd/system): where the unit is written;
 * - `KITE_SERVICE_MANAGER` = `systemd` | `process` (default: systemd when /run/systemd/system exists).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface InstallPaths {
  etcDir: string;
  /** The config `kite deploy` applied; the service starts from it. */
  configFile: string;
  /** Written when a deploy completed: config hash, kubeconfig file and the context it replaced. */
  deploymentFile: string;
  dataDir: string;
  runDir: string;
  supervisorPidFile: string;
  serverPidFile: string;
  logDir: string;
  logFile: string;
  /** Kite's admin kubeconfig (written by kite server). */
  kubeconfig: string;
  systemdUnit: string;
}

export const SERVICE_NAME = 'kite';

export function etcDirOf(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.KITE_ETC_DIR || '/etc/kite');
}

export function installPaths(dataDir: string, env: NodeJS.ProcessEnv): InstallPaths {
  const etcDir = etcDirOf(env);
  const runDir = path.join(dataDir, 'run');
  const logDir = path.join(dataDir, 'logs');
  return {
    etcDir,
    configFile: path.join(etcDir, 'config.yaml'),
    deploymentFile: path.join(etcDir, 'deployment.json'),
    dataDir,
    runDir,
    supervisorPidFile: path.join(runDir, 'supervisor.pid'),
    serverPidFile: path.join(runDir, 'server.pid'),
    logDir,
    logFile: path.join(logDir, 'kite.log'),
    kubeconfig: path.join(dataDir, 'kubeconfig.yaml'),
    systemdUnit: path.join(path.resolve(env.KITE_SYSTEMD_DIR || '/etc/systemd/system'), `${SERVICE_NAME}.service`),
  };
}

/** The `kite` CLI entry of this build (dist/cli/main.js), which the service runs. */
export const KITE_MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));
