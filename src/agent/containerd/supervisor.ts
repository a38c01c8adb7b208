/**
 * Runs the agent's own containerd as a child of kite: checks the host programs, writes the config,
 * starts containerd, waits until it (and its CRI plugin) answers, restarts it with back-off if it
 * dies, and stops it — SIGTERM, then SIGKILL after 5 s — when the signal aborts.
 *
 * Containers survive both a containerd restart and a kite restart: each runs under its own
 * containerd-shim, which containerd starts in a new session; we never signal shims.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { checkRuntimeBinaries, runtimePath } from './binaries.js';
import { containerdPaths, renderContainerdConfig, type ContainerdPaths } from './config.js';
import { prepareContainerdDirs, rotateLog, stopStaleContainerd } from './prepare.js';
import { waitContainerdReady } from './probe.js';

export interface ContainerdOptions {
  dataDir: string;
  log: Logger;
  signal: AbortSignal;
  /** containerd's own cgroup; tests pass a private one. Default `/kite/containerd`. */
  cgroupPath?: string;
  /** How long the first start may take before startContainerd rejects. Default 30 s. */
  readyTimeoutMs?: number;
}

export interface ContainerdHandle {
  socket: string;
  /** The running containerd's pid, undefined between a crash and its restart. */
  pid(): number | undefined;
  /** Settles once supervision ended: the signal aborted and containerd exited. Never rejects. */
  done: Promise<void>;
}

const STOP_GRACE_MS = 5000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** A run this long counts as healthy: the next crash restarts without waiting. */
const HEALTHY_RUN_MS = 60_000;

interface Run { child: ChildProcess; started: number; exited: Promise<void> }

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done, { once: true });
  });
}

async function spawnContainerd(p: ContainerdPaths, bin: string, log: Logger): Promise<Run> {
  await rotateLog(p.log);
  const fd = openSync(p.log, 'a', 0o600);
  let child: ChildProcess;
  try {
    // detached: its own process group, so a terminal's Ctrl-C reaches kite only and kite stops
    // containerd in order (after the agent), not at the same moment.
    child = spawn(bin, ['--config', p.config], {
      stdio: ['ignore', fd, fd], detached: true, env: { ...process.env, PATH: runtimePath(process.env.PATH) },
    });
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, sig) => { log.info({ pid: child.pid, code, signal: sig }, 'containerd exited'); resolve(); });
    child.once('error', (err) => { log.error({ err }, 'containerd could not be started'); resolve(); });
  });
  if (child.pid !== undefined) await writeFile(p.pidFile, `${child.pid}\n`).catch(() => undefined);
  log.info({ pid: child.pid, socket: p.socket }, 'containerd started');
  return { child, started: Date.now(), exited };
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((r) => signal.addEventListener('abort', () => r(), { once: true }));
}

/** Aborts once the run's process has exited. */
function exitSignal(r: Run): AbortSignal {
  const ac = new AbortController();
  void r.exited.then(() => ac.abort());
  return ac.signal;
}

const running = (r: Run) => r.child.exitCode === null && r.child.signalCode === null && r.child.pid !== undefined;

async function stopRun(r: Run, log: Logger): Promise<void> {
  if (running(r)) {
    r.child.kill('SIGTERM');
    const timeout = new AbortController();
    const graceful = await Promise.race([r.exited.then(() => true), sleep(STOP_GRACE_MS, timeout.signal).then(() => false)]);
    timeout.abort();
    if (!graceful && running(r)) {
      log.warn({ pid: r.child.pid }, `containerd did not stop within ${STOP_GRACE_MS / 1000} s; killing it`);
      r.child.kill('SIGKILL');
    }
  }
  await r.exited;
}

/** Waits for readiness of this run; stops waiting when it exits or the supervisor stops. */
async function waitRunReady(r: Run, socket: string, signal: AbortSignal, timeoutMs: number): Promise<string | undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  void r.exited.then(() => stop.abort());
  try {
    const why = await waitContainerdReady(socket, stop.signal, timeoutMs);
    if (why === undefined) return undefined;
    return running(r) ? `not ready after ${timeoutMs} ms (${why})` : `exited during start (${why})`;
  } finally {
    signal.removeEventListener('abort', onAbort);
    stop.abort();
  }
}

export async function startContainerd(o: ContainerdOptions): Promise<ContainerdHandle> {
  const log = o.log.child({ component: 'containerd' });
  const bins = await checkRuntimeBinaries();
  const p = containerdPaths(o.dataDir);
  if (p.socketFallback) log.warn({ socket: p.socket }, 'data dir path too long for a unix socket; containerd listens under /run/kite instead');
  await prepareContainerdDirs(p, renderContainerdConfig(p, { cgroupPath: o.cgroupPath }), log);
  await stopStaleContainerd(p, log);
  o.signal.throwIfAborted();

  const readyTimeoutMs = o.readyTimeoutMs ?? 30_000;
  let current = await spawnContainerd(p, bins.containerd!, log);
  const why = await waitRunReady(current, p.socket, o.signal, readyTimeoutMs);
  if (why !== undefined || o.signal.aborted) {
    await stopRun(current, log);
    await rm(p.pidFile, { force: true });
    o.signal.throwIfAborted();
    throw new Error(`containerd ${why}; see ${p.log}`);
  }
  log.info({ socket: p.socket, pid: current.child.pid }, 'containerd is ready');

  const supervise = async (): Promise<void> => {
    let backoff = 0;
    let lastStart = current.started; // of the last attempt, even one that failed to spawn
    while (!o.signal.aborted) {
      await untilAborted(AbortSignal.any([o.signal, exitSignal(current)]));
      if (o.signal.aborted) break;
      const healthy = Date.now() - lastStart >= HEALTHY_RUN_MS;
      backoff = healthy ? 0 : Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_MIN_MS, backoff * 2));
      log.warn({ inMs: backoff }, 'containerd died; restarting it');
      await sleep(backoff, o.signal);
      if (o.signal.aborted) break;
      lastStart = Date.now();
      try {
        current = await spawnContainerd(p, bins.containerd!, log);
      } catch (err) {
        log.error({ err }, 'containerd could not be restarted; trying again');
        continue; // `current` is still the exited run: the next round backs off further
      }
      const notReady = await waitRunReady(current, p.socket, o.signal, readyTimeoutMs);
      if (notReady === undefined) log.info({ pid: current.child.pid }, 'containerd is ready again');
      else if (!o.signal.aborted) log.error({ reason: notReady }, `containerd restart failed; see ${p.log}`);
    }
    await stopRun(current, log);
    await rm(p.pidFile, { force: true });
  };
  const done = supervise().catch((err: unknown) => { log.error({ err }, 'containerd supervision failed'); });

  return { socket: p.socket, pid: () => (running(current) ? current.child.pid : undefined), done };
}
