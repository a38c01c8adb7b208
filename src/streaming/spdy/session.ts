/**
 * A SPDY/3.1 session over any byte transport (a raw upgraded socket, or WebSocket binary messages
 * as kubectl ≥ 1.31 tunnels it): streams, their half-closes and resets, PING echo and GOAWAY.
 * Clients open odd stream ids, servers even ones (section 2.3.2).
 *
 * Ordering: header blocks share one zlib context per direction, which Node only offers
 * asynchronously, so outgoing frames pass through one queue (a DATA frame never overtakes the
 * SYN_REPLY before it) and incoming frames are handled one after another.
 *
 * Flow control: the peers this talks to (Go's moby/spdystream, used by kubectl, the kubelet and
 * containerd's streaming server) neither send nor honour WINDOW_UPDATE, so received updates are
 * ignored and none are sent; back-pressure comes from the transports underneath.
 */
import { EventEmitter } from 'node:events';
import { encodeFrame, FrameReader, RstStatus, SpdyProtocolError, type Frame } from './frames.js';
import { HeaderCodec, type SpdyHeaders } from './header-block.js';

export interface SpdySessionOptions {
  role: 'client' | 'server';
  /** Writes bytes to the peer, in order. */
  send: (bytes: Buffer) => void;
  /** A stream the peer opened: `reply()` accepts it, `reset()` refuses it. Without a handler it is refused. */
  onStream?: (s: SpdyStream) => void;
  /** The session ended (`close()`, a GOAWAY after its streams finished, or a protocol error). */
  onClose?: (err?: Error) => void;
}

type WithoutBlock<T> = T extends unknown ? Omit<T, 'block'> : never;

/** Largest DATA frame this side sends; bigger writes are split. */
const MAX_DATA = 32 * 1024;

export interface SpdyStreamEvents {
  data: [Buffer];
  /** The peer will send no more (FIN). */
  end: [];
  /** The peer reset the stream (RST_STREAM status), or the session went away. */
  reset: [number];
  headers: [SpdyHeaders];
  /** Both halves are done or the stream was reset: nothing more happens on it. */
  close: [];
}

export class SpdyStream extends EventEmitter<SpdyStreamEvents> {
  /** Our half is finished (we sent FIN or a reset). */
  localDone = false;
  /** The peer's half is finished (it sent FIN or a reset). */
  remoteDone = false;
  private replied: boolean;

  constructor(private readonly session: SpdySession, readonly id: number, readonly headers: SpdyHeaders, opts: { replied: boolean }) {
    super();
    this.replied = opts.replied;
  }

  /** Accepts a stream the peer opened (SYN_REPLY). */
  reply(headers: SpdyHeaders = {}): void {
    if (this.replied || this.localDone) return;
    this.replied = true;
    this.session.sendHeaders({ type: 'syn_reply', streamId: this.id, fin: false }, headers);
  }

  write(data: Buffer): void {
    if (this.localDone || data.length === 0) return;
    for (let off = 0; off < data.length; off += MAX_DATA) {
      this.session.sendFrame({ type: 'data', streamId: this.id, fin: false, data: data.subarray(off, off + MAX_DATA) });
    }
  }

  /** Half-closes our side (an empty DATA frame with FIN). */
  end(data?: Buffer): void {
    if (this.localDone) return;
    if (data?.length) this.write(data);
    this.localDone = true;
    this.session.sendFrame({ type: 'data', streamId: this.id, fin: true, data: Buffer.alloc(0) });
    this.maybeClose();
  }

  /** Abandons the stream both ways (RST_STREAM, CANCEL unless told). */
  reset(status: number = RstStatus.CANCEL): void {
    if (this.localDone && this.remoteDone) return;
    this.session.sendFrame({ type: 'rst_stream', streamId: this.id, status });
    this.localDone = this.remoteDone = true;
    this.maybeClose();
  }

  /** @internal */
  remoteEnd(): void {
    if (this.remoteDone) return;
    this.remoteDone = true;
    this.emit('end');
    this.maybeClose();
  }

  /** @internal the peer reset it, or the session ended */
  remoteReset(status: number): void {
    if (this.localDone && this.remoteDone) return;
    this.localDone = this.remoteDone = true;
    this.emit('reset', status);
    this.maybeClose();
  }

  private maybeClose(): void {
    if (this.localDone && this.remoteDone && this.session.forget(this)) this.emit('close');
  }
}

export class SpdySession {
  private readonly reader = new FrameReader();
  private readonly codec = new HeaderCodec();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly pendingOpens = new Map<number, { resolve: (s: SpdyStream) => void; reject: (e: Error) => void }>();
  private nextId: number;
  private lastRemoteId = 0;
  private outTail: Promise<void> = Promise.resolve();
  private outBusy = 0;
  private inTail: Promise<void> = Promise.resolve();
  private goneAway = false;
  private ended = false;
  /** The transport is gone: even frames queued before the end are dropped. */
  private transportGone = false;

  constructor(private readonly o: SpdySessionOptions) {
    this.nextId = o.role === 'client' ? 1 : 2;
  }

  get closed(): boolean { return this.ended; }

  /** Settles once every frame queued so far has been handed to `send` (close the transport after it). */
  flushed(): Promise<void> { return this.outTail; }
  get streamCount(): number { return this.streams.size; }

  /** Bytes from the transport, split anywhere. */
  receive(bytes: Buffer): void {
    if (this.ended) return;
    let frames: Frame[];
    try {
      frames = this.reader.push(bytes);
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    for (const f of frames) {
      this.inTail = this.inTail.then(() => this.handle(f)).catch((e: unknown) => this.fail(e as Error));
    }
  }

  /** Opens a stream (SYN_STREAM); resolves on the peer's SYN_REPLY, rejects on its RST_STREAM. */
  open(headers: SpdyHeaders, o: { fin?: boolean } = {}): Promise<SpdyStream> {
    if (this.ended || this.goneAway) return Promise.reject(new Error('the SPDY session is closed'));
    const id = this.nextId;
    this.nextId += 2;
    const s = new SpdyStream(this, id, headers, { replied: true });
    this.streams.set(id, s);
    if (o.fin) s.localDone = true;
    const p = new Promise<SpdyStream>((resolve, reject) => this.pendingOpens.set(id, { resolve, reject }));
    this.sendHeaders({ type: 'syn_stream', streamId: id, associatedId: 0, priority: 0, slot: 0, fin: !!o.fin, unidirectional: false }, headers);
    return p;
  }

  /** Sends GOAWAY and ends every stream; the transport may be closed afterwards. */
  close(err?: Error): void {
    if (this.ended) return;
    this.sendFrame({ type: 'goaway', lastGoodStreamId: this.lastRemoteId, status: err ? 1 : 0 });
    this.end(err);
  }

  /** The transport went away: ends every stream without sending anything. */
  destroy(err?: Error): void {
    this.transportGone = true;
    this.end(err);
  }

  /** @internal */
  sendFrame(f: Frame): void {
    if (this.ended) return;
    const bytes = encodeFrame(f);
    if (this.outBusy === 0) { this.o.send(bytes); return; }
    this.queue(Promise.resolve(bytes));
  }

  /** @internal a header-carrying frame; its block is compressed in send order */
  sendHeaders(f: WithoutBlock<Extract<Frame, { block: Buffer }>>, h: SpdyHeaders): void {
    if (this.ended) return;
    this.queue(this.codec.encode(h).then((block) => encodeFrame({ ...f, block } as Frame)));
  }

  /** @internal drops a finished stream; false if it was already gone */
  forget(s: SpdyStream): boolean {
    if (this.streams.get(s.id) !== s) return false;
    this.streams.delete(s.id);
    if (this.goneAway && this.streams.size === 0) this.end();
    return true;
  }

  private queue(bytes: Promise<Buffer>): void {
    this.outBusy++;
    this.outTail = this.outTail
      .then(async () => { const b = await bytes; if (!this.transportGone) this.o.send(b); })
      .catch((e: unknown) => this.fail(e as Error))
      .finally(() => { this.outBusy--; });
  }

  private async handle(f: Frame): Promise<void> {
    if (this.ended) return;
    switch (f.type) {
      case 'syn_stream': {
        const headers = await this.codec.decode(f.block);
        const fromPeer = this.o.role === 'server' ? f.streamId % 2 === 1 : f.streamId % 2 === 0;
        if (!fromPeer || f.streamId <= this.lastRemoteId) {
          this.sendFrame({ type: 'rst_stream', streamId: f.streamId, status: RstStatus.PROTOCOL_ERROR });
          return;
        }
        this.lastRemoteId = f.streamId;
        if (this.goneAway || !this.o.onStream) {
          this.sendFrame({ type: 'rst_stream', streamId: f.streamId, status: RstStatus.REFUSED_STREAM });
          return;
        }
        const s = new SpdyStream(this, f.streamId, headers, { replied: false });
        this.streams.set(f.streamId, s);
        if (f.unidirectional) s.localDone = true;
        if (f.fin) s.remoteDone = true;
        this.o.onStream(s);
        return;
      }
      case 'syn_reply': {
        const headers = await this.codec.decode(f.block);
        const pending = this.pendingOpens.get(f.streamId);
        const s = this.streams.get(f.streamId);
        if (!pending || !s) return;
        this.pendingOpens.delete(f.streamId);
        if (Object.keys(headers).length) s.emit('headers', headers);
        pending.resolve(s);
        if (f.fin) s.remoteEnd();
        return;
      }
      case 'headers': {
        const headers = await this.codec.decode(f.block);
        const s = this.streams.get(f.streamId);
        if (!s) return;
        s.emit('headers', headers);
        if (f.fin) s.remoteEnd();
        return;
      }
      case 'data': {
        const s = this.streams.get(f.streamId);
        if (!s || s.remoteDone) return;
        if (f.data.length) s.emit('data', f.data);
        if (f.fin) s.remoteEnd();
        return;
      }
      case 'rst_stream': {
        const pending = this.pendingOpens.get(f.streamId);
        if (pending) { this.pendingOpens.delete(f.streamId); pending.reject(new Error(`the peer refused stream ${f.streamId} (status ${f.status})`)); }
        this.streams.get(f.streamId)?.remoteReset(f.status);
        return;
      }
      case 'ping':
        // Pings the peer started carry its parity: echo them. Ours (we send none) would be answers.
        if ((f.id % 2 === 1) === (this.o.role === 'server')) this.sendFrame(f);
        return;
      case 'goaway':
        this.goneAway = true;
        for (const [id, p] of this.pendingOpens) {
          if (id > f.lastGoodStreamId) { this.pendingOpens.delete(id); p.reject(new Error('the peer went away')); this.streams.get(id)?.remoteReset(RstStatus.REFUSED_STREAM); }
        }
        if (this.streams.size === 0) this.end();
        return;
      case 'settings':
      case 'window_update':
      case 'unknown':
        return;
    }
  }

  private fail(e: Error): void {
    if (this.ended) return;
    if (e instanceof SpdyProtocolError) this.close(e);
    else this.end(e);
  }

  private end(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    for (const p of this.pendingOpens.values()) p.reject(err ?? new Error('the SPDY session closed'));
    this.pendingOpens.clear();
    for (const s of [...this.streams.values()]) s.remoteReset(RstStatus.CANCEL);
    this.streams.clear();
    // Frames already queued (a last FIN, the GOAWAY) still go out before the contexts close.
    void this.outTail.finally(() => this.codec.close());
    this.o.onClose?.(err);
  }
}
