/**
 * The host programs the agent's runtime needs, checked before containerd starts so a missing package
 * is one clear line instead of a CRI error at the first pod.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

export const RUNTIME_PACKAGES_HINT = 'apt-get install -y containerd runc containernetworking-plugins iptables iproute2';

/** Looked up on PATH (containerd finds its shim and runc the same way); iptables and ip set up the pod network. */
const ON_PATH = ['containerd', 'containerd-shim-runc-v2', 'runc', 'ctr', 'iptables', 'ip'];
/** CNI plugins the CRI always calls (loopback) or kite's conflist uses; Debian puts them here. */
const CNI_BIN_DIR = '/usr/lib/cni';
const CNI_PLUGINS = ['bridge', 'host-local', 'loopback', 'portmap'];

/**
 * The PATH containerd runs with: the caller's, plus the system dirs (runc lives in /usr/sbin,
 * which a non-login shell may lack).
 */
export function runtimePath(envPath: string | undefined): string {
  const dirs = [...(envPath ?? '').split(':'), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  return [...new Set(dirs.filter((d) => d !== ''))].join(':');
}

const isExecutable = (file: string) => access(file, constants.X_OK).then(() => true, () => false);

export interface BinaryCheckDeps {
  envPath?: string;
  /** Injected for tests; defaults to an X_OK access check. */
  isExecutable?: (file: string) => Promise<boolean>;
}

/** Resolves each needed program; throws one line naming what is missing and the packages to install. */
export async function checkRuntimeBinaries(d: BinaryCheckDeps = {}): Promise<Record<string, string>> {
  const exec = d.isExecutable ?? isExecutable;
  const dirs = runtimePath(d.envPath).split(':');
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of ON_PATH) {
    let hit: string | undefined;
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (await exec(file)) { hit = file; break; }
    }
    if (hit) found[name] = hit; else missing.push(name);
  }
  for (const name of CNI_PLUGINS) {
    const file = path.join(CNI_BIN_DIR, name);
    if (await exec(file)) found[`cni/${name}`] = file; else missing.push(file);
  }
  if (missing.length) throw new Error(`container runtime not installed: missing ${missing.join(', ')}; install it with: ${RUNTIME_PACKAGES_HINT}`);
  return found;
}
