/**
 * The background service where systemd is not PID 1 (`kite supervise`, started detached by `kite
 * deploy`/`kite start`): runs `kite server` for the deployed config, restarts it with back-off when
 * it dies, rotates its log, and on SIGTERM stops it and exits. Pid files under DATA_DIR/run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, open, stat, truncate } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { installPaths } from './paths.js';
import { livePid, removePid, writePid } from './pids.js';
import { loadDeployedConfig, serviceSpec } from './service-spec.js';

const MAX_BACKOFF_MS = 30_000;
/** A server that ran this long counts as healthy: the next failure restarts it after 1 s again. */
const HEALTHY_RUN_MS = 60_000;

function line(msg: string): void {
  process.stderr.write(`${new Date().toISOString()} SUPERVISOR ${msg}\n`);
}

async function rotateIfLarge(file: string, maxBytes: number): Promise<void> {
  const size = await stat(file).then((s) => s.size, () => 0);
  // copy + truncate: the server keeps its O_APPEND descriptor and simply continues at offset 0.
  if (size > maxBytes / 2) { await copyFile(file, `${file}.1`); await truncate(file, 0); }
}

export async function runSupervisor(configFile: string, signal: AbortSignal): Promise<void> {
  const { config } = await loadDeployedConfig(configFile);
  const p = installPaths(config.dataDir, process.env);
  if (await livePid(p.supervisorPidFile, 'supervise')) { line('another supervisor is running; exiting'); return; }
  await writePid(p.supervisorPidFile, process.pid);
  await mkdir(p.logDir, { recursive: true, mode: 0o700 });
  let child: ChildProcess | undefined;
  const onAbort = () => child?.kill('SIGTERM');
  signal.addEventListener('abort', onAbort, { once: true });
  let backoff = 1_000;
  try {
    while (!signal.aborted) {
      // Re-read every start, so `kite deploy --force` with a new config only needs a restart.
      const { config: cfg, machine } = await loadDeployedConfig(configFile);
      const spec = serviceSpec(cfg, machine, process.env);
      await rotateIfLarge(p.logFile, spec.logMaxBytes);
      const log = await open(p.logFile, 'a', 0o600);
      const started = Date.now();
      child = spawn(spec.argv[0]!, spec.argv.slice(1), { stdio: ['ignore', log.fd, log.fd], env: { ...process.env, ...spec.env } });
      await log.close();
      if (child.pid) await writePid(p.serverPidFile, child.pid);
      line(`started kite server (pid ${child.pid})`);
      const rotate = setInterval(() => { rotateIfLarge(p.logFile, spec.logMaxBytes).catch(() => undefined); }, 30_000);
      const code = await new Promise<number | string>((resolve) => child!.once('exit', (c, s) => resolve(c ?? s ?? 'unknown')));
      clearInterval(rotate);
      await removePid(p.serverPidFile);
      if (signal.aborted) { line(`kite server stopped (${code})`); break; }
      if (Date.now() - started > HEALTHY_RUN_MS) backoff = 1_000;
      line(`kite server exited (${code}); restarting in ${backoff / 1000}s`);
      await sleep(backoff, undefined, { signal }).catch(() => undefined);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    await removePid(p.supervisorPidFile);
  }
}
