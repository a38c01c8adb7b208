/**
 * Turns a watch response (one JSON event per line, chunk boundaries anywhere, notes §3) into
 * events. The iterable ends when the server closes the stream or the signal aborts; a line that is
 * not JSON is a protocol error and throws, so the caller re-watches rather than skipping events.
 */
import type { IncomingMessage } from 'node:http';
import type { WatchEvent } from '../api/types/index.js';

function parseLine(line: string): WatchEvent {
  let ev: WatchEvent;
  try { ev = JSON.parse(line) as WatchEvent; } catch { throw new Error(`watch: undecodable event: ${line.slice(0, 200)}`); }
  if (!ev || typeof ev.type !== 'string' || typeof ev.object !== 'object') throw new Error(`watch: malformed event: ${line.slice(0, 200)}`);
  return ev;
}

export async function* watchEvents<T>(res: IncomingMessage, signal?: AbortSignal): AsyncGenerator<WatchEvent<T>> {
  res.setEncoding('utf8');
  let buf = '';
  try {
    for await (const chunk of res) {
      buf += chunk as string;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) yield parseLine(line) as WatchEvent<T>;
      }
    }
    if (buf.trim()) yield parseLine(buf.trim()) as WatchEvent<T>;
  } catch (e) {
    if (signal?.aborted) return; // aborting is the normal way to stop a watch, not a failure
    throw e;
  } finally {
    res.destroy(); // the consumer stopped early (break/return): release the socket
  }
}
