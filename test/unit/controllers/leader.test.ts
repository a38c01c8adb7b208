import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import { runLeaderElection } from '../../../src/controllers/leader.js';
import { fakeClock, type FakeClock } from './fake-clock.js';

type Client = Pick<KubeClient, 'get' | 'create' | 'update'>;
interface LeaseSpec { holderIdentity?: string; leaseTransitions?: number; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string }
const log = pino({ level: 'silent' });
const status = (code: number, reason: string) => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message: reason });

/** One Lease store with compare-and-swap writes; each elector gets its own client that can be cut off. */
function leaseServer() {
  let lease: KObject | undefined;
  let rv = 0;
  const writes: string[] = [];
  const clientFor = (id: string) => {
    const link = { down: false };
    const check = () => { if (link.down) throw new Error(`${id}: connection refused`); };
    const client: Client = {
      get: async <T extends KObject>(_r: ResourceRef, _n: string) => { check(); if (!lease) throw status(404, 'NotFound'); return structuredClone(lease) as T; },
      create: async <T extends KObject>(_r: ResourceRef, obj: T) => {
        check();
        if (lease) throw status(409, 'AlreadyExists');
        lease = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
        writes.push(`${id} create holder=${(obj.spec as LeaseSpec).holderIdentity}`);
        return structuredClone(lease) as T;
      },
      update: async <T extends KObject>(_r: ResourceRef, obj: T) => {
        check();
        if (obj.metadata.resourceVersion !== lease?.metadata.resourceVersion) throw status(409, 'Conflict');
        lease = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
        return structuredClone(lease) as T;
      },
    };
    return { client, link };
  };
  return { clientFor, spec: () => lease?.spec as LeaseSpec | undefined, writes };
}

/** Runs an elector whose onLeading records start/stop and checks no one else leads meanwhile. */
function elector(id: string, server: ReturnType<typeof leaseServer>, clock: FakeClock, shared: { leaders: Set<string>; timeline: string[] }) {
  const { client, link } = server.clientFor(id);
  const ac = new AbortController();
  const done = runLeaderElection({ client, name: 'kite-controller-manager', identity: id, clock, log, random: () => 0 }, ac.signal, async (s) => {
    assert.deepEqual([...shared.leaders], [], `${id} starts leading while ${[...shared.leaders].join()} leads`);
    shared.leaders.add(id);
    shared.timeline.push(`${id} leads at ${clock.now() / 1000}`);
    await new Promise((r) => s.addEventListener('abort', r, { once: true }));
    shared.timeline.push(`${id} stops at ${clock.now() / 1000}`);
    shared.leaders.delete(id);
  });
  return { link, stop: async () => { ac.abort(); await done; }, done };
}

const step = async (clock: FakeClock, ms: number) => { for (let t = 0; t < ms; t += 250) await clock.advance(250); };

describe('leader election', () => {
  it('of two electors one leads; when it is cut off it stops before the other takes over', async () => {
    const clock = fakeClock(0);
    const server = leaseServer();
    const shared = { leaders: new Set<string>(), timeline: [] as string[] };
    const a = elector('a', server, clock, shared);
    await clock.advance(0);
    const b = elector('b', server, clock, shared);
    await step(clock, 30_000);
    assert.deepEqual(shared.timeline, ['a leads at 0']);
    assert.deepEqual([server.spec()?.holderIdentity, server.spec()?.leaseTransitions, server.spec()?.leaseDurationSeconds], ['a', 0, 15]);

    a.link.down = true;
    await step(clock, 30_000);
    // a renewed last at 30 s: it gives up by 40 s (renewDeadline 10 s); b needs 15 s of an unchanged lease
    assert.equal(shared.timeline.length, 3, shared.timeline.join('; '));
    const [, stopped, took] = shared.timeline.map((l) => Number(l.split(' at ')[1]));
    assert.match(shared.timeline[1]!, /^a stops/);
    assert.match(shared.timeline[2]!, /^b leads/);
    assert.ok(stopped! <= 40 && took! >= 45 && took! > stopped!, shared.timeline.join('; '));
    assert.deepEqual([server.spec()?.holderIdentity, server.spec()?.leaseTransitions], ['b', 1]);

    await Promise.all([a.stop(), b.stop()]);
    assert.equal(server.spec()?.holderIdentity, '', 'b released the lease on shutdown');
  });

  it('a leader that shuts down releases the lease, so a standby leads within a retry period', async () => {
    const clock = fakeClock(0);
    const server = leaseServer();
    const shared = { leaders: new Set<string>(), timeline: [] as string[] };
    const a = elector('a', server, clock, shared);
    await clock.advance(0);
    const b = elector('b', server, clock, shared);
    await clock.advance(0);
    await step(clock, 5_000);
    const stopping = a.stop();
    await clock.advance(0);
    await stopping;
    await step(clock, 2_500);
    // b retries every 2 s (from 0): it finds the released lease at 6 s instead of waiting 15 s
    assert.deepEqual(shared.timeline, ['a leads at 0', 'a stops at 5', 'b leads at 6']);
    await b.stop();
  });

  it('when onLeading fails on its own, the lease is released and the error passed on', async () => {
    const clock = fakeClock(0);
    const server = leaseServer();
    const { client } = server.clientFor('a');
    const run = runLeaderElection({ client, name: 'l', identity: 'a', clock, log }, new AbortController().signal, async () => { throw new Error('controllers crashed'); });
    await assert.rejects(run, /controllers crashed/);
    assert.equal(server.spec()?.holderIdentity, '');
  });

  it('refuses timings where a leader could outlive its lease', async () => {
    const { client } = leaseServer().clientFor('a');
    await assert.rejects(runLeaderElection({ client, name: 'l', identity: 'a', log, leaseDurationSeconds: 10, renewDeadline: 10 }, new AbortController().signal, async () => undefined),
      /leaseDuration > renewDeadline/);
  });
});
