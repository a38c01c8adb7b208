/**
 * Port-forward over SPDY, the server's half of `portforward.k8s.io`: for each local connection
 * kubectl opens an `error` stream (and half-closes it at once) and a `data` stream, both with headers
 * `streamtype`, `port` and `requestid`. The two are paired by request id; then one upstream
 * connection to the pod's port is opened and the data stream is piped to it. A failure is written
 * as text on the error stream (kubectl prints it), and both streams are finished when the upstream
 * connection ends, which is kubectl's signal that this local connection is over.
 */
import type { EventEmitter } from 'node:events';
import { createValve, type Pausable, type Valve } from '../../streaming/flow.js';
import { RstStatus, type SpdyStream } from '../../streaming/spdy/index.js';

/** One TCP connection to the pod's port, however it is carried (the kubelet API's WebSocket here). */
export interface UpstreamPort extends EventEmitter<{ data: [Buffer]; error: [string]; close: [] }> {
  /** Sends towards the pod; `flushed` runs once the bytes left our buffers. */
  write(data: Buffer, flushed?: () => void): void;
  /** Bytes written but not yet flushed. */
  buffered(): number;
  /** Ends the connection; 'close' follows. */
  close(): void;
  /** Stops and restarts reading from the pod (back-pressure). */
  pause(): void;
  resume(): void;
}

export interface PortForwardPairsOptions {
  /** Opens the connection to `port` in the pod; rejects with a message for the error stream. */
  dial: (port: number) => Promise<UpstreamPort>;
  /** How long the second stream of a pair may take (the kubelet waits 30 s). */
  pairTimeoutMs?: number;
  /** Pauses an upstream while the client's transport is full. */
  valve?: Valve;
  /** The client's transport, paused while an upstream connection holds too much (uploads). */
  inbound?: Pausable;
  /** Called with each accepted pair's outcome (logs, tests). */
  onPairDone?: (r: { requestId: string; port: number; error?: string }) => void;
}

interface Pending { data?: SpdyStream; error?: SpdyStream; early?: EarlyData; timer: NodeJS.Timeout }

/** What kubectl sends on a data stream before its upstream connection exists. */
interface EarlyData { chunks: Buffer[]; ended: boolean; detach: () => void }

function capture(s: SpdyStream): EarlyData {
  const e: EarlyData = { chunks: [], ended: false, detach: () => { s.off('data', onData); s.off('end', onEnd); } };
  const onData = (d: Buffer) => { e.chunks.push(d); };
  const onEnd = () => { e.ended = true; };
  s.on('data', onData);
  s.on('end', onEnd);
  return e;
}

/** Returns the session's `onStream` handler; `close()` drops half-made pairs (session ended). */
export function createPortForwardPairs(o: PortForwardPairsOptions): { onStream: (s: SpdyStream) => void; close: () => void } {
  const pending = new Map<string, Pending>();
  const timeoutMs = o.pairTimeoutMs ?? 30_000;

  const onStream = (s: SpdyStream) => {
    const type = s.headers.streamtype;
    const portText = s.headers.port ?? '';
    if (type !== 'data' && type !== 'error') { s.reset(RstStatus.PROTOCOL_ERROR); return; }
    if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) { s.reset(RstStatus.PROTOCOL_ERROR); return; }
    const id = s.headers.requestid ?? '';
    s.reply();
    let p = pending.get(id);
    if (!p) {
      const timer = setTimeout(() => {
        pending.delete(id);
        const q = p!;
        if (q.error) { q.error.write(Buffer.from('timed out waiting for streams')); q.error.end(); }
        q.data?.reset();
      }, timeoutMs);
      p = { timer };
      pending.set(id, p);
    }
    if (p[type]) { s.reset(RstStatus.PROTOCOL_ERROR); return; }
    p[type] = s;
    if (type === 'data') p.early = capture(s);
    if (p.data && p.error && p.early) {
      clearTimeout(p.timer);
      pending.delete(id);
      void forward(o, id, Number(portText), p.data, p.error, p.early);
    }
  };

  const close = () => {
    for (const p of pending.values()) clearTimeout(p.timer);
    pending.clear();
  };
  return { onStream, close };
}

async function forward(o: PortForwardPairsOptions, requestId: string, port: number, data: SpdyStream, error: SpdyStream, early: EarlyData): Promise<void> {
  let failure: string | undefined;
  const finish = () => {
    if (up) o.valve?.forget(up);
    if (failure) error.write(Buffer.from(failure));
    data.end();
    error.end();
    o.onPairDone?.({ requestId, port, error: failure });
  };
  let up: UpstreamPort | undefined;
  try {
    up = await o.dial(port);
  } catch (e) {
    failure = (e as Error).message;
    finish();
    return;
  }
  early.detach();
  // Reset meanwhile (kubectl gave up on this connection): nothing to carry.
  if (data.localDone && data.remoteDone) { up.close(); error.end(); return; }
  const u = up;
  up.on('data', (d) => { data.write(d); o.valve?.check(u); });
  up.on('error', (msg) => { failure = failure ? `${failure}; ${msg}` : msg; });
  up.once('close', finish);
  for (const d of early.chunks) up.write(d);
  // The local connection ending ends the pod's, as the kubelet's forwarder does.
  if (early.ended) { up.close(); return; }
  const inbound = createValve({ buffered: () => u.buffered() });
  data.on('data', (d) => {
    u.write(d, () => inbound.progress());
    if (o.inbound) inbound.check(o.inbound);
  });
  // A connection that ends while holding the shared client transport paused must let it go.
  u.once('close', () => { if (o.inbound && inbound.forget(o.inbound)) o.inbound.resume(); });
  data.once('end', () => u.close());
  data.once('reset', () => u.close());
}
