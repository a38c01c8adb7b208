/**
 * `--paused-file F`: a test's switch to make simulated kubelets go "down" without signals or
 * sockets. F lists node names, one a line (blank lines and `#` comments ignored); while a name is
 * listed, that node renews neither its Lease nor its status and leaves its pods alone, so the node
 * lifecycle controller sees it go NotReady. A missing file pauses nothing. The file is re-read on
 * a short poll; names that leave it resume at once.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Clock } from '../../controllers/index.js';

export interface PausedNodes {
  has(node: string): boolean;
  /** Polls the file until the signal aborts. */
  run(signal: AbortSignal): Promise<void>;
}

async function readNames(file: string): Promise<Set<string>> {
  let text = '';
  try { text = await readFile(file, 'utf8'); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
  return new Set(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
}

export function watchPausedFile(o: {
  file?: string; clock: Clock; log: Logger; pollMs?: number;
  /** Called with every name that was listed and no longer is. */
  onResume: (node: string) => void;
}): PausedNodes {
  let paused = new Set<string>();
  const poll = async () => {
    const next = await readNames(o.file as string);
    for (const n of next) if (!paused.has(n)) o.log.info({ node: n }, 'simulated node paused: no lease or status renewals');
    const resumed = [...paused].filter((n) => !next.has(n));
    paused = next;
    for (const n of resumed) {
      o.log.info({ node: n }, 'simulated node resumed');
      o.onResume(n);
    }
  };
  return {
    has: (node) => paused.has(node),
    async run(signal) {
      if (!o.file) return;
      while (!signal.aborted) {
        try { await poll(); } catch (err) { o.log.warn({ err, file: o.file }, 'cannot read the paused-nodes file'); }
        await o.clock.sleep(o.pollMs ?? 250, signal);
      }
    },
  };
}
