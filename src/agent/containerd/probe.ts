/**
 * Readiness of containerd without spawning a process per poll: one unary gRPC call over the unix
 * socket with node:http2 (gRPC framing by hand: a 5-byte prefix, then the protobuf message). Ready
 * means containerd's own Version service answers AND the CRI plugin is initialised — the CRI answers
 * "server is not initialized yet" for a moment after the socket opens.
 */
import http2 from 'node:http2';
import net from 'node:net';

export interface GrpcResult { status: number; message: string; body: Buffer }

/** One unary call; rejects on transport errors or after `timeoutMs`. */
export function grpcUnary(socket: string, method: string, message: Uint8Array, timeoutMs = 1000): Promise<GrpcResult> {
  return new Promise((resolve, reject) => {
    const session = http2.connect('http://localhost', { createConnection: () => net.connect(socket) });
    let settled = false;
    const finish = (err: Error | undefined, res?: GrpcResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      if (err) reject(err); else resolve(res!);
    };
    const timer = setTimeout(() => finish(new Error(`grpc ${method}: no answer in ${timeoutMs} ms`)), timeoutMs);
    session.on('error', (e) => finish(e));
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    const req = session.request({ ':method': 'POST', ':path': method, 'content-type': 'application/grpc', te: 'trailers' });
    const chunks: Buffer[] = [];
    // grpc-status arrives in the trailers, or in the headers of a trailers-only (error) response.
    let status: string | undefined, grpcMessage = '';
    const take = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] !== undefined) status = String(h['grpc-status']);
      if (h['grpc-message'] !== undefined) grpcMessage = decodeURIComponent(String(h['grpc-message']));
    };
    req.on('response', take);
    req.on('trailers', take);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', (e) => finish(e));
    req.on('end', () => {
      if (status === undefined) return finish(new Error(`grpc ${method}: response without grpc-status`));
      const all = Buffer.concat(chunks);
      finish(undefined, { status: Number(status), message: grpcMessage, body: all.length >= 5 ? all.subarray(5) : all });
    });
    req.end(frame);
  });
}

const CONTAINERD_VERSION = '/containerd.services.version.v1.Version/Version';
const CRI_VERSION = '/runtime.v1.RuntimeService/Version';
/** runtime.v1.VersionRequest{ version: "v1" } — field 1, length-delimited. */
const CRI_VERSION_REQUEST = Uint8Array.from([0x0a, 0x02, 0x76, 0x31]);

/** Undefined when ready, else why not (for the error message when the wait times out). */
export async function containerdNotReady(socket: string, timeoutMs = 1000): Promise<string | undefined> {
  try {
    const v = await grpcUnary(socket, CONTAINERD_VERSION, new Uint8Array(0), timeoutMs);
    if (v.status !== 0) return `containerd Version: grpc status ${v.status} ${v.message}`;
    const c = await grpcUnary(socket, CRI_VERSION, CRI_VERSION_REQUEST, timeoutMs);
    if (c.status !== 0) return `CRI Version: grpc status ${c.status} ${c.message}`;
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Polls until ready; returns undefined once ready, else the last reason when `signal` aborts or
 * `timeoutMs` passes. The caller aborts `signal` when the process it waits for exits.
 */
export async function waitContainerdReady(socket: string, signal: AbortSignal, timeoutMs: number, pollMs = 50): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let why: string | undefined = 'not polled';
  while (!signal.aborted && Date.now() < deadline) {
    why = await containerdNotReady(socket);
    if (why === undefined) return undefined;
    await new Promise<void>((r) => {
      const t = setTimeout(done, pollMs);
      function done() { clearTimeout(t); signal.removeEventListener('abort', done); r(); }
      signal.addEventListener('abort', done, { once: true });
    });
  }
  return why;
}
