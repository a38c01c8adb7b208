/**
 * Back-pressure between a fast source and a slower sink that have no flow control of their own
 * (SPDY as spdystream speaks it has none; WebSocket sends only queue). A source is paused once the
 * sink holds more than `high` unsent bytes and resumed when the sink reports progress below `low`,
 * so a large download through port-forward or exec costs a bounded amount of memory.
 */
export interface Pausable { pause(): void; resume(): void }

export interface Valve {
  /** After writing a source's bytes to the sink: pauses the source if the sink is full. */
  check(src: Pausable): void;
  /** The sink flushed something (a send callback, a 'drain'): resumes paused sources below `low`. */
  progress(): void;
  /** The source is gone (or no longer ours to hold); true if this valve had paused it. */
  forget(src: Pausable): boolean;
}

export function createValve(o: { buffered: () => number; high?: number; low?: number }): Valve {
  const high = o.high ?? 1 << 20;
  const low = o.low ?? 256 << 10;
  const paused = new Set<Pausable>();
  return {
    check(src) {
      if (paused.has(src) || o.buffered() <= high) return;
      paused.add(src);
      src.pause();
    },
    progress() {
      if (!paused.size || o.buffered() > low) return;
      const all = [...paused];
      paused.clear();
      for (const s of all) s.resume();
    },
    forget(src) { return paused.delete(src); },
  };
}
