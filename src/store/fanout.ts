/**
 * In-process broadcaster of committed writes. A store publishes each event object once; every
 * subscriber receives the same object, so N watchers cost one read of the event, not N.
 */
export class Fanout<T> {
  private readonly subscribers = new Set<(e: T) => void>();

  /** Returns the unsubscribe function. Subscribers must be cheap and must not throw. */
  subscribe(fn: (e: T) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  publish(e: T): void {
    // Set iteration tolerates a subscriber removing itself while we loop.
    for (const fn of this.subscribers) fn(e);
  }

  get size(): number {
    return this.subscribers.size;
  }
}
