import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSchedulingQueue } from '../../../src/scheduler/queue.js';
import { fakeClock } from '../controllers/fake-clock.js';
import { pod } from './fixtures.js';

/** A queue on a fake clock, with its flush loop running until the test ends. */
function fixture() {
  const clock = fakeClock();
  const q = createSchedulingQueue({ clock });
  const ac = new AbortController();
  const loop = q.run(ac.signal);
  const stop = async () => { ac.abort(); q.close(); await loop; };
  return { q, clock, stop };
}

describe('scheduling queue', () => {
  it('pops higher priority first, then in arrival order', async () => {
    const { q, clock, stop } = fixture();
    q.upsert(pod('a'));
    await clock.advance(1);
    q.upsert(pod('b', { priority: 10 }));
    await clock.advance(1);
    q.upsert(pod('c'));
    const order = [(await q.pop())!.key, (await q.pop())!.key, (await q.pop())!.key];
    assert.deepEqual(order, ['default/b', 'default/a', 'default/c']);
    await stop();
  });

  it('an erroring pod backs off 1 s, 2 s, 4 s, 8 s, then 10 s at most', async () => {
    const { q, clock, stop } = fixture();
    q.upsert(pod('a'));
    const waits: number[] = [];
    let qp = (await q.pop())!;
    for (let i = 0; i < 5; i++) {
      const t0 = clock.now();
      q.requeue(qp, 'error');
      let got: typeof qp | undefined;
      void q.pop().then((v) => { got = v; });
      while (!got) await clock.advance(500);
      qp = got;
      waits.push(clock.now() - t0);
    }
    // the flush loop runs every second, so a pod becomes active on the first tick after its back-off
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 10_000]);
    await stop();
  });

  it('an unschedulable pod waits for a cluster change, then goes through its back-off', async () => {
    const { q, clock, stop } = fixture();
    q.upsert(pod('a'));
    q.requeue((await q.pop())!, 'unschedulable');
    await clock.advance(5000);
    assert.deepEqual(q.counts(), { active: 0, backoff: 0, unschedulable: 1, inFlight: 0 });
    q.moveAll(); // back-off (1 s) is over: straight to active
    assert.deepEqual(q.counts(), { active: 1, backoff: 0, unschedulable: 0, inFlight: 0 });
    q.requeue((await q.pop())!, 'unschedulable');
    q.moveAll(); // still backing off (2 s): to backoff
    assert.deepEqual(q.counts(), { active: 0, backoff: 1, unschedulable: 0, inFlight: 0 });
    await clock.advance(2000);
    assert.deepEqual(q.counts(), { active: 1, backoff: 0, unschedulable: 0, inFlight: 0 });
    await stop();
  });

  it('an unschedulable pod is retried after 60 s without any cluster change', async () => {
    const { q, clock, stop } = fixture();
    q.upsert(pod('a'));
    q.requeue((await q.pop())!, 'unschedulable');
    await clock.advance(59_000);
    assert.equal(q.counts().unschedulable, 1);
    await clock.advance(1000);
    assert.deepEqual(q.counts(), { active: 1, backoff: 0, unschedulable: 0, inFlight: 0 });
    await stop();
  });

  it('a cluster change during the attempt sends the pod to backoff instead of the unschedulable pool', async () => {
    const { q, stop } = fixture();
    q.upsert(pod('a'));
    const qp = (await q.pop())!;
    q.moveAll();
    q.requeue(qp, 'unschedulable');
    assert.deepEqual(q.counts(), { active: 0, backoff: 1, unschedulable: 0, inFlight: 0 });
    await stop();
  });

  it('a spec change of an unschedulable pod re-activates it; a status-only change does not', async () => {
    const { q, clock, stop } = fixture();
    const p = pod('a');
    q.upsert(p);
    q.requeue((await q.pop())!, 'unschedulable');
    await clock.advance(1000);
    q.upsert({ ...p, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } });
    assert.equal(q.counts().unschedulable, 1);
    q.upsert({ ...p, spec: { ...p.spec, tolerations: [{ operator: 'Exists' }] } });
    assert.deepEqual(q.counts(), { active: 1, backoff: 0, unschedulable: 0, inFlight: 0 });
    await stop();
  });

  it('a deleted pod is never popped, and adding a queued pod again keeps one entry', async () => {
    const { q, stop } = fixture();
    q.upsert(pod('a'));
    q.upsert(pod('a'));
    q.upsert(pod('b'));
    q.delete('default/a');
    assert.equal((await q.pop())!.key, 'default/b');
    assert.deepEqual(q.counts(), { active: 0, backoff: 0, unschedulable: 0, inFlight: 1 });
    await stop();
  });

  it('close unblocks a waiting pop with undefined', async () => {
    const { q, stop } = fixture();
    const p = q.pop();
    q.close();
    assert.equal(await p, undefined);
    await stop();
  });
});
