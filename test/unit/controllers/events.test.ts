import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import { createEventRecorder } from '../../../src/controllers/events.js';
import { fakeClock } from './fake-clock.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-a', namespace: 'shop', uid: 'u1', resourceVersion: '7' } };
const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u2', resourceVersion: '3' } };
const notFound = () => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404, reason: 'NotFound', message: 'gone' });

function fixture(o: { queueSize?: number; failCreates?: number; patchNotFound?: boolean } = {}) {
  const writes: Array<{ verb: string; ns?: string; name?: string; body: unknown }> = [];
  let failures = o.failCreates ?? 0;
  const client: Pick<KubeClient, 'create' | 'patch'> = {
    create: async <X extends KObject>(r: ResourceRef, obj: X) => {
      if (failures-- > 0) throw new Error('connection refused');
      writes.push({ verb: 'create', ns: r.namespace, name: obj.metadata.name, body: obj });
      return obj;
    },
    patch: async <X extends KObject>(r: ResourceRef, name: string, _t: string, body: unknown) => {
      if (o.patchNotFound) throw notFound();
      writes.push({ verb: 'patch', ns: r.namespace, name, body });
      return {} as X;
    },
  };
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write(c: Buffer, _e, cb) { lines.push(c.toString()); cb(); } }));
  const clock = fakeClock(T0);
  const rec = createEventRecorder({ client, component: 'test-controller', host: 'host-1', log, clock, queueSize: o.queueSize });
  const ac = new AbortController();
  let running: Promise<void> | undefined;
  const start = () => { running = rec.run(ac.signal); };
  /** Lets the recorder write everything queued. */
  const drain = () => new Promise<void>((r) => setImmediate(r));
  const stop = async () => { ac.abort(); await running; };
  return { rec, writes, lines, clock, start, drain, stop };
}

describe('event recorder', () => {
  it('writes a core/v1 Event about the object, named <object>.<hex>, in its namespace', async () => {
    const f = fixture();
    f.start();
    f.rec.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await f.drain();
    await f.stop();
    assert.equal(f.writes.length, 1);
    const w = f.writes[0]!;
    assert.equal(w.ns, 'shop');
    assert.match(w.name ?? '', /^web-a\.[0-9a-f]+$/);
    const { metadata, ...ev } = w.body as KObject;
    assert.deepEqual(metadata, { namespace: 'shop', name: w.name });
    assert.deepEqual(ev, {
      apiVersion: 'v1', kind: 'Event',
      involvedObject: { kind: 'Pod', apiVersion: 'v1', name: 'web-a', namespace: 'shop', uid: 'u1', resourceVersion: '7' },
      reason: 'BackOff', message: 'Back-off restarting failed container', type: 'Warning', count: 1,
      source: { component: 'test-controller', host: 'host-1' }, reportingComponent: 'test-controller', reportingInstance: 'host-1',
      firstTimestamp: '2025-01-01T00:00:00Z', lastTimestamp: '2025-01-01T00:00:00Z',
    });
  });

  it('events about cluster-scoped objects go to the default namespace', async () => {
    const f = fixture();
    f.start();
    f.rec.event(node, 'Normal', 'NodeReady', 'Node n1 status is now: NodeReady');
    await f.drain();
    await f.stop();
    assert.deepEqual(f.writes.map((w) => [w.verb, w.ns, (w.body as { involvedObject: { namespace?: string } }).involvedObject.namespace]), [['create', 'default', undefined]]);
  });

  it('a repeat of the same event patches count and lastTimestamp of the first; a new message creates another', async () => {
    const f = fixture();
    f.start();
    f.rec.event(pod, 'Normal', 'Pulled', 'pulled image');
    await f.drain();
    await f.clock.advance(60_000);
    f.rec.event(pod, 'Normal', 'Pulled', 'pulled image');
    f.rec.event(pod, 'Normal', 'Pulled', 'pulled another image');
    await f.drain();
    await f.stop();
    const first = f.writes[0]!.name;
    assert.deepEqual(f.writes.slice(1).map((w) => [w.verb, w.verb === 'patch' ? w.name === first : w.name !== first]), [['patch', true], ['create', true]]);
    assert.deepEqual(f.writes[1]!.body, { count: 2, lastTimestamp: '2025-01-01T00:01:00Z' });
  });

  it('a repeat whose Event has expired creates a new Event carrying the count', async () => {
    const f = fixture({ patchNotFound: true });
    f.start();
    f.rec.event(pod, 'Normal', 'Pulled', 'pulled image');
    await f.drain();
    f.rec.event(pod, 'Normal', 'Pulled', 'pulled image');
    await f.drain();
    await f.stop();
    assert.deepEqual(f.writes.map((w) => [w.verb, (w.body as { count: number }).count]), [['create', 1], ['create', 2]]);
  });

  it('when the queue is full, events are dropped with a log line and the caller is never blocked', async () => {
    const f = fixture({ queueSize: 2 });
    for (let i = 0; i < 5; i++) f.rec.event(pod, 'Normal', 'Tick', `tick ${i}`); // not running yet: the queue fills
    assert.equal(f.lines.filter((l) => l.includes('event queue full')).length, 1);
    f.start();
    await f.drain();
    await f.stop();
    assert.deepEqual(f.writes.map((w) => (w.body as { message: string }).message), ['tick 0', 'tick 1']);
  });

  it('a failed write is logged and dropped; later events are still written', async () => {
    const f = fixture({ failCreates: 1 });
    f.start();
    f.rec.event(pod, 'Normal', 'A', 'first');
    f.rec.event(pod, 'Normal', 'B', 'second');
    await f.drain();
    await f.stop();
    assert.deepEqual(f.writes.map((w) => (w.body as { reason: string }).reason), ['B']);
    assert.ok(f.lines.some((l) => l.includes('could not write event')));
  });

  it('run resolves once the signal aborts, with nothing queued', async () => {
    const f = fixture();
    f.start();
    await f.stop();
    f.rec.event(pod, 'Normal', 'Late', 'after stop'); // queued, never written, never throws
    assert.deepEqual(f.writes, []);
  });
});
