/**
 * The controller skeleton (STYLE rule 9, sample-controller): informers feed a rate-limited work
 * queue, workers call `reconcile(key)`. Reconcile is level-triggered and idempotent: it re-reads
 * what it needs and may run any number of times. A failure re-queues the key with per-key
 * back-off; success forgets the back-off. Handlers only enqueue.
 */
import type { Logger } from 'pino';
import type { KObject } from '../api/types/index.js';
import { isConflict } from '../client/index.js';
import type { Informer } from './informer.js';
import { createWorkQueue, type WorkQueue } from './workqueue.js';

export interface ControllerOptions {
  name: string;
  log: Logger;
  /** The informers this controller owns: `run` starts them and waits for them to stop. */
  informers?: Array<Informer<KObject>>;
  /** Shared informers (run by their factory) whose caches must be synced before workers start. */
  shared?: Array<Pick<Informer<KObject>, 'synced'>>;
  queue?: WorkQueue<string>;
  workers?: number;
}

export abstract class Controller {
  protected readonly log: Logger;
  protected readonly queue: WorkQueue<string>;

  constructor(private readonly opts: ControllerOptions) {
    this.log = opts.log.child({ controller: opts.name });
    this.queue = opts.queue ?? createWorkQueue<string>();
  }

  /** Brings the world for `key` towards its desired state; throw to retry with back-off. */
  protected abstract reconcile(key: string, signal: AbortSignal): Promise<void>;

  /** Runs until the signal aborts; resolves once workers and informers have all stopped. */
  async run(signal: AbortSignal): Promise<void> {
    const stop = () => this.queue.shutDown();
    signal.addEventListener('abort', stop, { once: true });
    const owned = this.opts.informers ?? [];
    const informers = owned.map((i) => i.run(signal));
    try {
      await Promise.all([...owned, ...(this.opts.shared ?? [])].map((i) => i.synced(signal)));
      this.log.info('caches synced; starting workers');
      await Promise.all(Array.from({ length: this.opts.workers ?? 2 }, () => this.worker(signal)));
    } catch (e) {
      if (!signal.aborted) throw e; // synced() rejects only because the signal aborted
    } finally {
      signal.removeEventListener('abort', stop);
      this.queue.shutDown();
      await Promise.all(informers);
      this.log.info('stopped');
    }
  }

  private async worker(signal: AbortSignal): Promise<void> {
    for (let k = await this.queue.get(); k !== undefined; k = await this.queue.get()) {
      try {
        await this.reconcile(k, signal);
        this.queue.forget(k);
      } catch (err) {
        if (!signal.aborted) {
          // A conflict means the cache is behind a write (often our own): expected, retried quietly.
          if (isConflict(err)) this.log.debug({ key: k, err }, 'conflict; retrying');
          else this.log.warn({ err, key: k, retries: this.queue.numRequeues(k) }, 'reconcile failed; requeueing with back-off');
          this.queue.addRateLimited(k);
        }
      } finally {
        this.queue.done(k);
      }
    }
  }
}
