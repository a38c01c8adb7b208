/**
 * Leader election against a real `kite server` (the built dist/ binary): two electors in one
 * process never both lead, the Lease shows the holder as kubectl sees it, and a leader that shuts
 * down releases the lease to the other (hand-over timing is asserted on a fake clock in
 * leader.test.ts). Short timings (3 s lease) keep it quick. The lease is not the server's own
 * `kite-controller-manager`, which the server's controller manager holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { createKubeClient, loadKubeconfig, type KubeClient } from '../../src/client/index.js';
import { runLeaderElection } from '../../src/controllers/leader.js';
import { startCluster, type TestCluster } from './helpers/cluster.js';

/** Not kite-controller-manager: the server's own controller manager holds that one. */
const LEASE = 'test-election';
interface LeaseJson { spec: { holderIdentity?: string; leaseTransitions?: number; leaseDurationSeconds?: number; renewTime?: string } }

describe('leader election against a real server', () => {
  let c: TestCluster;
  let client: KubeClient;
  before(async () => {
    c = await startCluster();
    client = createKubeClient({ ...loadKubeconfig(c.kubeconfig), userAgent: 'kite-test/leader' });
  });
  after(async () => {
    client.close();
    await c.stop();
  });

  it('one of two electors leads; after it stops the other takes over, never both at once', async () => {
    const leaders = new Set<string>();
    const history: string[] = [];
    const log = pino({ level: 'silent' });
    const start = (identity: string) => {
      const ac = new AbortController();
      const done = runLeaderElection({ client, name: LEASE, identity, leaseDurationSeconds: 3, renewDeadline: 2, retryPeriod: 1, log }, ac.signal, async (s) => {
        assert.equal(leaders.size, 0, `${identity} leads while ${[...leaders].join()} does`);
        leaders.add(identity);
        history.push(identity);
        await new Promise((r) => s.addEventListener('abort', r, { once: true }));
        leaders.delete(identity);
      });
      return { stop: async () => { ac.abort(); await done; } };
    };
    const until = async (what: string, cond: () => boolean, ms = 10_000) => {
      for (const end = Date.now() + ms; !cond(); await sleep(50)) if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    };

    const electors = { a: start('a'), b: start('b') };
    try {
      await until('someone leads', () => leaders.size === 1);
      await sleep(4000); // longer than the lease: the leader keeps renewing and nobody else steps in
      assert.deepEqual(history.length, 1);
      const first = history[0] as 'a' | 'b';
      const lease = JSON.parse(await c.k(['get', 'lease', LEASE, '-n', 'kube-system', '-o', 'json'])) as LeaseJson;
      assert.deepEqual([lease.spec.holderIdentity, lease.spec.leaseTransitions, lease.spec.leaseDurationSeconds], [first, 0, 3]);
      assert.match(lease.spec.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

      const second = first === 'a' ? 'b' : 'a';
      await electors[first].stop();
      await until('the other leads', () => leaders.has(second));
      await electors[second].stop();
      assert.deepEqual(history, [first, second]);
    } finally { await Promise.all([electors.a.stop(), electors.b.stop()]); }
    const released = JSON.parse(await c.k(['get', 'lease', LEASE, '-n', 'kube-system', '-o', 'json'])) as LeaseJson;
    assert.deepEqual([released.spec.holderIdentity ?? '', released.spec.leaseTransitions], ['', 1]);
  });
});
