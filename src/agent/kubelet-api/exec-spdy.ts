/**
 * exec/attach to containerd's streaming server over SPDY (remotecommand `v4.channel.k8s.io`), bridged
 * to the API server's WebSocket (v5 or v4 channel frames). SPDY is what lets stdin end without
 * ending the session: a FIN on the stdin stream closes the process's stdin while stdout, stderr and
 * the exit status keep flowing (`echo hi | kubectl exec -i p -- cat` gets its output and exit code).
 * containerd's WebSocket form has no such signal, so `exec-bridge.ts` had to cut the session.
 *
 * Streams, as client-go opens them (each waits for the server's reply): error, then stdin, stdout,
 * stderr as requested, then resize with a TTY. The server writes a JSON Status on the error stream
 * (v4: for success too), then ends its streams; the bridge forwards it on channel 3 once stdout and
 * stderr have ended, then closes the WebSocket.
 */
import { createValve } from '../../streaming/flow.js';
import type { SpdyStream } from '../../streaming/spdy/index.js';
import type { SpdyConnection } from './spdy-dial.js';

export const REMOTECOMMAND_V4 = 'v4.channel.k8s.io';

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const RESIZE = 4;
const CLOSE = 255;

const SUCCESS = '{"metadata":{},"status":"Success"}';
const LOST = '{"metadata":{},"status":"Failure","message":"the container runtime closed the exec stream without a status","reason":"InternalError","code":500}';

export interface ExecStreams {
  error: SpdyStream;
  stdin?: SpdyStream;
  stdout?: SpdyStream;
  stderr?: SpdyStream;
  resize?: SpdyStream;
}

export async function openExecStreams(conn: SpdyConnection, want: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }): Promise<ExecStreams> {
  const open = (streamtype: string) => conn.session.open({ streamtype });
  const s: ExecStreams = { error: await open('error') };
  if (want.stdin) s.stdin = await open('stdin');
  if (want.stdout) s.stdout = await open('stdout');
  // With a TTY the runtime merges stderr into stdout and expects no stderr stream.
  if (want.stderr && !want.tty) s.stderr = await open('stderr');
  if (want.tty) s.resize = await open('resize');
  return s;
}

/** The part of the API server's `ws` WebSocket the bridge uses (fakes implement it in unit tests). */
export interface DownSocket {
  send(data: Buffer, flushed?: () => void): void;
  close(code?: number): void;
  /** Bytes queued but not yet written out. */
  readonly bufferedAmount?: number;
  on(event: 'message', fn: (data: Buffer) => void): unknown;
  on(event: 'close', fn: () => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  pause?(): void;
  resume?(): void;
}

export interface SpdyBridgeOptions {
  /** The API server's side negotiated v5 (has the close channel, `ff 00` = stdin ended). */
  downV5: boolean;
  signal?: AbortSignal;
}

/** Resolves once the WebSocket has closed and the SPDY connection is finished. */
export function bridgeExecSpdy(down: DownSocket, conn: SpdyConnection, s: ExecStreams, o: SpdyBridgeOptions): Promise<void> {
  let downOpen = true;
  const valve = createValve({ buffered: () => down.bufferedAmount ?? 0 });
  const send = (ch: number, d: Buffer) => { if (downOpen) down.send(Buffer.concat([Buffer.from([ch]), d]), () => valve.progress()); };
  s.stdout?.on('data', (d) => { send(STDOUT, d); valve.check(conn); });
  s.stderr?.on('data', (d) => { send(STDERR, d); valve.check(conn); });
  const status: Buffer[] = [];
  s.error.on('data', (d) => status.push(d));

  // stdin faster than the process reads it: the API server's socket pauses meanwhile.
  const inbound = createValve({ buffered: () => conn.buffered() });
  const downFlow = { pause: () => down.pause?.(), resume: () => down.resume?.() };
  conn.onDrain(() => inbound.progress());
  down.on('message', (m) => {
    if (m.length === 0) return;
    const ch = m[0];
    const body = m.subarray(1);
    if (ch === STDIN) { s.stdin?.write(body); inbound.check(downFlow); }
    else if (ch === RESIZE) s.resize?.write(body);
    else if (ch === CLOSE && o.downV5 && body[0] === STDIN) s.stdin?.end();
  });

  // Output first, then the status, then the close: kubectl prints everything, then exits with the code.
  const ended = (st: SpdyStream | undefined) => new Promise<void>((r) => {
    if (!st || st.remoteDone) { r(); return; }
    st.once('end', r);
    st.once('close', r);
  });
  // The error stream ending normally without a word is success (protocols before v4); its reset
  // (the runtime's connection died) is not.
  const statusDone = new Promise<boolean>((r) => {
    if (s.error.remoteDone) { r(true); return; }
    s.error.once('end', () => r(true));
    s.error.once('close', () => r(false));
  });
  void Promise.all([statusDone, ended(s.stdout), ended(s.stderr)]).then(([clean]) => {
    const text = Buffer.concat(status);
    send(STATUS, text.length ? text : Buffer.from(clean ? SUCCESS : LOST));
    down.close(1000);
  });

  return new Promise<void>((resolve) => {
    const stop = () => down.close(1000);
    down.on('close', () => {
      downOpen = false;
      valve.forget(conn);
      inbound.forget(downFlow);
      o.signal?.removeEventListener('abort', stop);
      // The client left: stdin ends (as when its WebSocket closes upstream) and the session is dropped.
      s.stdin?.end();
      conn.close();
      void conn.closed.then(() => resolve());
    });
    down.on('error', () => { /* a close event follows */ });
    if (o.signal?.aborted) stop(); else o.signal?.addEventListener('abort', stop, { once: true });
  });
}
