import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Answer } from 'dns-packet';
import { pino } from 'pino';
import { createForwarder } from '../../../../src/network/dns/forwarder.js';
import { parseUpstream, resolveUpstreams, resolvConfNameservers } from '../../../../src/network/dns/upstreams.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';

const log = pino({ level: 'silent' });
const A = (name: string, ip: string): Answer => ({ type: 'A', name, ttl: 60, class: 'IN', data: ip });
const up = (u: FakeUpstream) => parseUpstream(`${u.address}:${u.port}`);
const opened: FakeUpstream[] = [];
after(async () => { await Promise.all(opened.map((u) => u.close())); });
async function upstream(...args: Parameters<typeof startFakeUpstream>) {
  const u = await startFakeUpstream(...args);
  opened.push(u);
  return u;
}

describe('DNS forwarder', () => {
  it('moves on to the next upstream after a timeout, then prefers the one that answered', async () => {
    const silent = await upstream(() => 'drop');
    const good = await upstream((q) => ({ answers: [A(q.name, '192.0.2.7')] }));
    const f = createForwarder({ upstreams: [up(silent), up(good)], timeoutMs: 200, log });
    const t0 = Date.now();
    const r1 = await f.resolve({ name: 'example.test', type: 'A' });
    assert.equal(r1.r.rcode, 'NOERROR');
    assert.deepEqual(r1.r.answers.map((a) => (a as { data: string }).data), ['192.0.2.7']);
    assert.ok(Date.now() - t0 >= 190);
    await f.resolve({ name: 'second.test', type: 'A' });
    assert.deepEqual(silent.seen, ['example.test A udp'], 'the silent upstream is not asked again first');
  });

  it('moves on after SERVFAIL or REFUSED', async () => {
    const broken = await upstream(() => ({ rcode: 'SERVFAIL' }));
    const refusing = await upstream(() => ({ rcode: 'REFUSED' }));
    const good = await upstream((q) => ({ rcode: 'NXDOMAIN', authorities: [{ type: 'SOA', name: 'test', ttl: 30, class: 'IN', data: { mname: 'a', rname: 'b', minimum: 30 } }], answers: q.name ? [] : [] }));
    const f = createForwarder({ upstreams: [up(broken), up(refusing), up(good)], timeoutMs: 500, log });
    const r = await f.resolve({ name: 'missing.test', type: 'A' });
    assert.equal(r.r.rcode, 'NXDOMAIN');
    assert.equal(broken.seen.length, 1);
    assert.equal(refusing.seen.length, 1);
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    const many = Array.from({ length: 60 }, (_, i) => A('big.test', `192.0.2.${i + 1}`));
    const u = await upstream(() => ({ answers: many, tcOverUdp: true }));
    const f = createForwarder({ upstreams: [up(u)], timeoutMs: 500, log });
    const r = await f.resolve({ name: 'big.test', type: 'A' });
    assert.equal(r.r.answers.length, 60);
    assert.deepEqual(u.seen, ['big.test A udp', 'big.test A tcp']);
  });

  it('answers SERVFAIL when every upstream fails', async () => {
    const silent = await upstream(() => 'drop');
    const broken = await upstream(() => ({ rcode: 'SERVFAIL' }));
    const f = createForwarder({ upstreams: [up(silent), up(broken)], timeoutMs: 150, log });
    const r = await f.resolve({ name: 'example.test', type: 'A' });
    assert.equal(r.r.rcode, 'SERVFAIL');
  });
});

describe('DNS upstream list', () => {
  it('parses ip, ip:port and [ipv6]:port, and refuses names', () => {
    assert.deepEqual(parseUpstream('192.0.2.1'), { address: '192.0.2.1', port: 53, family: 4 });
    assert.deepEqual(parseUpstream('192.0.2.1:5353'), { address: '192.0.2.1', port: 5353, family: 4 });
    assert.deepEqual(parseUpstream('[2001:db8::1]:54'), { address: '2001:db8::1', port: 54, family: 6 });
    assert.deepEqual(parseUpstream('2001:db8::1'), { address: '2001:db8::1', port: 53, family: 6 });
    assert.throws(() => parseUpstream('dns.example'), /not an IP address/);
    assert.throws(() => parseUpstream('192.0.2.1:70000'), /outside 1-65535/);
  });

  it('falls back to resolv.conf nameservers, leaving out the cluster DNS itself', async () => {
    assert.deepEqual(resolvConfNameservers('# c\nsearch x\nnameserver 10.43.0.10\nnameserver 192.0.2.53\nnameserver fe80::1%eth0\n'), ['10.43.0.10', '192.0.2.53']);
    const { writeFile, mkdtemp, rm } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/kite-dns-test-');
    try {
      await writeFile(`${dir}/resolv.conf`, 'nameserver 10.43.0.10\nnameserver 192.0.2.53\n');
      const ups = await resolveUpstreams({ upstreams: [], listen: [{ address: '10.43.0.10', port: 53 }], resolvConf: `${dir}/resolv.conf` });
      assert.deepEqual(ups, [{ address: '192.0.2.53', port: 53, family: 4 }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
