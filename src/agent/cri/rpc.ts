/**
 * Unary gRPC calls to a CRI endpoint, encoded with protobufjs from the hand-written subset.
 * We drive grpc-js's generic `Client.makeUnaryRequest` with our own (de)serializers instead of
 * @grpc/proto-loader: protobufjs is already a dependency, and this keeps one code path from
 * proto text to wire for the whole repo.
 */
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { CriError, criErrorFromGrpc } from './errors.js';
import { CRI_PROTO } from './proto.js';
import type { Wire } from './codec.js';

export type CriServiceName = 'RuntimeService' | 'ImageService';
export interface CallOpts { timeoutMs?: number; signal?: AbortSignal }
export type Caller = (service: CriServiceName, method: string, req: Wire, o?: CallOpts) => Promise<Wire>;

// Every field present (zero values included) and int64 as number: see codec.ts.
const DECODE: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, arrays: true, objects: true };
// ExecSync output is capped at 16 MiB per stream by the runtime; allow both plus framing.
const MAX_RECEIVE = 40 * 1024 * 1024;

export function openCaller(socketPath: string, defaultTimeoutMs: number): { call: Caller; close(): void } {
  const root = protobuf.parse(CRI_PROTO, { keepCase: true }).root;
  root.resolveAll();
  const target = socketPath.startsWith('unix:') ? socketPath : `unix://${socketPath}`;
  const client = new grpc.Client(target, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': MAX_RECEIVE,
  });

  const call: Caller = (service, method, req, o = {}) => {
    const m = root.lookupService(`runtime.v1.${service}`).methods[method];
    if (!m?.resolvedRequestType || !m.resolvedResponseType) throw new Error(`CRI method ${service}/${method} is not in the proto subset`);
    const reqT = m.resolvedRequestType, resT = m.resolvedResponseType;
    if (o.signal?.aborted) return Promise.reject(new CriError('CANCELLED', 'aborted before the call', method));
    return new Promise<Wire>((resolve, reject) => {
      const deadline = new Date(Date.now() + (o.timeoutMs ?? defaultTimeoutMs));
      const onAbort = () => c.cancel();
      const c = client.makeUnaryRequest<Wire, Wire>(
        `/runtime.v1.${service}/${method}`,
        (v) => Buffer.from(reqT.encode(reqT.fromObject(v)).finish()),
        (b) => resT.toObject(resT.decode(b), DECODE),
        req,
        new grpc.Metadata(),
        { deadline },
        (err, res) => {
          o.signal?.removeEventListener('abort', onAbort);
          if (err) reject(criErrorFromGrpc(method, err));
          else resolve(res ?? {});
        },
      );
      o.signal?.addEventListener('abort', onAbort, { once: true });
    });
  };
  return { call, close: () => client.close() };
}
