/**
 * The scheduling queue (upstream's PriorityQueue, simplified): every pending pod is in exactly
 * one of
 * - active: ready to be tried, highest priority first, then oldest;
 * - backoff: failed recently; waits 1 s doubling per attempt up to 10 s, then becomes active;
 * - unschedulable: no node fits; waits for a cluster change (`moveAll`: a node added or changed,
 *   a bound pod deleted) or at most 60 s, then goes through backoff;
 * - in flight: popped and being scheduled or bound.
 * A cluster change seen while a pod was in flight sends that pod to backoff instead of the
 * unschedulable pool, so the change is not missed (upstream's moveRequestCycle).
 */
import type { Pod } from '../api/registry/core-types.js';
import type { Clock } from '../controllers/index.js';
import { createHeap } from './heap.js';
import { podKey } from './pod-info.js';

export interface QueuedPod {
  key: string;
  pod: Pod;
  /** Scheduling attempts so far (the back-off grows with it). */
  attempts: number;
  /** When the pod last entered the active queue or was last tried. */
  timestamp: number;
}

export interface SchedulingQueue {
  /** A new or changed pending pod; a spec change frees it from the unschedulable pool. */
  upsert(pod: Pod): void;
  delete(key: string): void;
  /** The next pod to try, or undefined once closed. */
  pop(): Promise<QueuedPod | undefined>;
  /** After a failed attempt: `unschedulable` waits for a cluster change, `error` just backs off. */
  requeue(qp: QueuedPod, why: 'unschedulable' | 'error'): void;
  /** After a successful attempt (the pod is bound): forget it. */
  done(key: string): void;
  /** A cluster change that may make unschedulable pods fit. */
  moveAll(): void;
  /** Moves due pods out of backoff and stale ones out of the unschedulable pool until the signal aborts. */
  run(signal: AbortSignal): Promise<void>;
  close(): void;
  counts(): { active: number; backoff: number; unschedulable: number; inFlight: number };
}

type State = 'active' | 'backoff' | 'unschedulable' | 'inflight';
interface Item extends QueuedPod { state: State; inHeap: boolean; cycle: number; since: number; seq: number }

export interface QueueOptions {
  clock: Clock;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Longest stay in the unschedulable pool without a cluster change. */
  maxUnschedulableMs?: number;
  /** How often backoff and the unschedulable pool are checked. */
  flushMs?: number;
}

const priority = (p: Pod) => (typeof p.spec.priority === 'number' ? p.spec.priority : 0);
/** Only what the pod asks for matters, not status or bookkeeping (upstream's isPodUpdated). */
const wanted = (p: Pod) => JSON.stringify([p.spec, p.metadata.labels, p.metadata.annotations]);

export function createSchedulingQueue(o: QueueOptions): SchedulingQueue {
  const { clock } = o;
  const initial = o.initialBackoffMs ?? 1000;
  const maxBackoff = o.maxBackoffMs ?? 10_000;
  const maxUnschedulable = o.maxUnschedulableMs ?? 60_000;
  const items = new Map<string, Item>();
  const active = createHeap<Item>((a, b) => {
    const pa = priority(a.pod);
    const pb = priority(b.pod);
    if (pa !== pb) return pa > pb;
    return a.timestamp !== b.timestamp ? a.timestamp < b.timestamp : a.seq < b.seq;
  });
  let cycle = 0;
  let seq = 0;
  let moveRequestCycle = -1;
  let closed = false;
  let wake: (() => void) | undefined;

  const backoffMs = (attempts: number) => Math.min(maxBackoff, initial * 2 ** Math.max(0, attempts - 1));
  const readyAt = (it: Item) => (it.attempts ? it.timestamp + backoffMs(it.attempts) : 0);

  const activate = (it: Item) => {
    it.state = 'active';
    if (!it.inHeap) { it.inHeap = true; it.seq = ++seq; active.push(it); }
    wake?.();
  };
  /** Out of the unschedulable pool: back off what still has to, activate the rest. */
  const release = (it: Item) => {
    if (readyAt(it) > clock.now()) it.state = 'backoff'; else activate(it);
  };

  const flush = () => {
    const now = clock.now();
    for (const it of items.values()) {
      if (it.state === 'backoff' && readyAt(it) <= now) activate(it);
      else if (it.state === 'unschedulable' && now - it.since >= maxUnschedulable) release(it);
    }
  };

  return {
    upsert(pod) {
      if (closed) return;
      const key = podKey(pod);
      const it = items.get(key);
      if (!it) {
        const fresh: Item = { key, pod, attempts: 0, timestamp: clock.now(), state: 'active', inHeap: false, cycle: 0, since: 0, seq: 0 };
        items.set(key, fresh);
        activate(fresh);
        return;
      }
      const changed = wanted(it.pod) !== wanted(pod);
      it.pod = pod;
      if (changed && it.state === 'unschedulable') release(it);
    },
    delete(key) { items.delete(key); },
    async pop() {
      for (;;) {
        if (closed) return undefined;
        const it = active.pop();
        if (!it) { await new Promise<void>((r) => { wake = r; }); wake = undefined; continue; }
        it.inHeap = false;
        if (it.state !== 'active' || items.get(it.key) !== it) continue; // deleted or moved meanwhile
        it.state = 'inflight';
        it.cycle = ++cycle;
        return it;
      }
    },
    requeue(qp, why) {
      const it = items.get(qp.key);
      if (!it || it !== qp || closed) return;
      it.attempts++;
      it.timestamp = clock.now();
      if (why === 'unschedulable' && moveRequestCycle < it.cycle) {
        it.state = 'unschedulable';
        it.since = clock.now();
      } else {
        it.state = 'backoff';
      }
    },
    done(key) { items.delete(key); },
    moveAll() {
      moveRequestCycle = cycle;
      for (const it of items.values()) if (it.state === 'unschedulable') release(it);
    },
    async run(signal) {
      const every = o.flushMs ?? 1000;
      while (!signal.aborted && !closed) {
        await clock.sleep(every, signal);
        if (!signal.aborted) flush();
      }
    },
    close() {
      closed = true;
      wake?.();
    },
    counts() {
      const c = { active: 0, backoff: 0, unschedulable: 0, inFlight: 0 };
      for (const it of items.values()) {
        if (it.state === 'inflight') c.inFlight++; else c[it.state]++;
      }
      return c;
    },
  } satisfies SchedulingQueue;
}
