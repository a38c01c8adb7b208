/**
 * Pipes one exec/attach session between the API server's WebSocket (remotecommand `v5.channel.k8s.io`
 * or `v4.channel.k8s.io`) and containerd's CRI streaming server, which speaks only v4 over WebSocket.
 * Frames are binary, byte 0 the channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close).
 * The one translation: v5's "stdin closed" (`ff 00`) has no v4 form, and containerd closes the
 * process's stdin only when its WebSocket ends. So after `ff 00` the bridge waits for the output to
 * go quiet, then closes the upstream socket: the command sees EOF, but anything it prints afterwards,
 * and its exit status, are lost (kubectl then exits 0). SPDY to containerd lifts that limit
 * (`exec-spdy.ts`, the path tried first); this bridge is the fallback for a runtime without SPDY.
 */

/** The part of a `ws` WebSocket the bridge uses (fakes implement it in unit tests). */
export interface FrameSocket {
  send(data: Buffer): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', fn: (data: Buffer) => void): unknown;
  on(event: 'close', fn: () => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
}

export const STDIN = 0;
export const STATUS = 3;
export const CLOSE = 255;

export interface BridgeOptions {
  /** The API server's side negotiated v5 (has the close channel). */
  downV5: boolean;
  /** How long the output must stay quiet after stdin closed before the upstream socket is closed. */
  quietMs?: number;
  /** Ends the session from outside (agent shutdown). */
  signal?: AbortSignal;
}

/** Resolves once both sockets have closed. */
export function bridgeExec(down: FrameSocket, up: FrameSocket, o: BridgeOptions): Promise<void> {
  const quietMs = o.quietMs ?? 250;
  let stdinClosed = false;
  let quietTimer: NodeJS.Timeout | undefined;
  let upOpen = true;
  let downOpen = true;
  const armQuiet = () => {
    if (!stdinClosed || !upOpen) return;
    clearTimeout(quietTimer);
    quietTimer = setTimeout(() => up.close(1000), quietMs);
  };

  down.on('message', (data) => {
    if (data.length === 0 || !upOpen) return;
    const channel = data[0];
    if (channel === CLOSE) {
      // `ff 00` = the client's stdin ended; other streams cannot be closed by the client.
      if (o.downV5 && data[1] === STDIN) { stdinClosed = true; armQuiet(); }
      return;
    }
    if (stdinClosed && channel === STDIN) return;
    up.send(data);
  });
  up.on('message', (data) => {
    // containerd opens each output channel with an empty frame; it carries nothing.
    if (data.length <= 1 || !downOpen) return;
    down.send(data);
    armQuiet();
  });

  return new Promise<void>((resolve) => {
    const stop = () => { up.close(1000); down.close(1000); };
    const finish = () => {
      if (upOpen || downOpen) return;
      clearTimeout(quietTimer);
      o.signal?.removeEventListener('abort', stop);
      resolve();
    };
    // The runtime ending the session (after its status frame) ends the client's; and vice versa.
    up.on('close', () => { upOpen = false; clearTimeout(quietTimer); if (downOpen) down.close(1000); finish(); });
    down.on('close', () => { downOpen = false; if (upOpen) up.close(1000); finish(); });
    up.on('error', () => { /* a close event follows */ });
    down.on('error', () => { /* a close event follows */ });
    if (o.signal?.aborted) stop(); else o.signal?.addEventListener('abort', stop, { once: true });
  });
}
