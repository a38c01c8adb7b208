/** Polling with a deadline, for e2e tests: retries until `fn` returns a truthy value (errors count as "not yet"). */
import { setTimeout as sleep } from 'node:timers/promises';

export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000, pollMs = 200): Promise<T> {
  let last: unknown;
  for (const end = Date.now() + ms; Date.now() < end; await sleep(pollMs)) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
