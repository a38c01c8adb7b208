/**
 * The systemd path (used where systemd is PID 1): a `kite.service` unit that runs `kite server` for the
 * deployed config. KillMode=process so containers (their shims) survive a restart of kite, which
 * re-adopts them — the same choice K3s makes. Rendering is pure and unit-tested.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ServiceSpec } from './service-spec.js';

const execFileP = promisify(execFile);

/** One ExecStart word: quoted when needed; `%` and `$` escaped (systemd specifiers / variables). */
export function systemdQuote(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? escaped : `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function renderSystemdUnit(spec: ServiceSpec): string {
  const env = Object.entries(spec.env).map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}\n`).join('');
  return `[Unit]
Description=Kite: lightweight Kubernetes-compatible edge platform
Wants=network-online.target
After=network-online.target

[Service]
Type=exec
ExecStart=${spec.argv.map(systemdQuote).join(' ')}
${env}Restart=always
RestartSec=2
# Containers outlive a kite restart (the agent re-adopts them): stop only the main process.
KillMode=process
Delegate=yes
LimitNOFILE=1048576
TimeoutStopSec=90

[Install]
WantedBy=multi-user.target
`;
}

const systemctl = (...args: string[]) => execFileP('systemctl', args);

export async function installSystemdUnit(file: string, spec: ServiceSpec): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, renderSystemdUnit(spec), { mode: 0o644 });
  await systemctl('daemon-reload');
  await systemctl('enable', path.basename(file));
}

export async function uninstallSystemdUnit(file: string): Promise<void> {
  await systemctl('disable', '--now', path.basename(file)).catch(() => undefined);
  await rm(file, { force: true });
  await systemctl('daemon-reload').catch(() => undefined);
}

export const systemdStart = (unit: string) => systemctl('start', unit).then(() => undefined);
export const systemdRestart = (unit: string) => systemctl('restart', unit).then(() => undefined);
export const systemdStop = (unit: string) => systemctl('stop', unit).then(() => undefined);
export async function systemdActive(unit: string): Promise<boolean> {
  return systemctl('is-active', '--quiet', unit).then(() => true, () => false);
}
