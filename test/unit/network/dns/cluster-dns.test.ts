import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { createSocket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import * as dns from 'dns-packet';
import { pino } from 'pino';
import type { KObject } from '../../../../src/api/types/index.js';
import type { KubeClient } from '../../../../src/client/index.js';
import { startClusterDns } from '../../../../src/network/dns/index.js';
import { fakeInformers } from '../../controllers/fake-informers.js';
import { startFakeUpstream, udpQuery, rcodeOf, type FakeUpstream } from './fake-upstream.js';
import { slice, svc } from './fixtures.js';

const many = Array.from({ length: 60 }, (_, i) => ({ addresses: [`10.42.1.${i + 1}`] }));

describe('cluster DNS server over UDP and TCP', () => {
  const ac = new AbortController();
  let upstream: FakeUpstream;
  let port = 0;
  let done: Promise<void>;
  let r: Resolver;
  const { informers, emit } = fakeInformers({
    services: [
      svc('default', 'web', { clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
      svc('default', 'ext', { type: 'ExternalName', externalName: 'example.test' }),
      svc('default', 'big', { clusterIP: 'None' }),
    ] as KObject[],
    endpointslices: [slice('default', 'big-1', 'big', many)] as KObject[],
  });

  before(async () => {
    upstream = await startFakeUpstream((q) => (q.name === 'example.test' && q.type === 'A'
      ? { answers: [{ type: 'A', name: q.name, ttl: 60, class: 'IN', data: '192.0.2.7' }] }
      : { rcode: 'NXDOMAIN', authorities: [{ type: 'SOA', name: 'test', ttl: 60, class: 'IN', data: { mname: 'a.test', rname: 'b.test', minimum: 60 } }] }));
    const s = await startClusterDns({
      client: {} as KubeClient, informers, listen: [{ address: '127.0.0.1', port: 0 }], clusterDomain: 'cluster.local',
      upstreams: [`127.0.0.1:${upstream.port}`], log: pino({ level: 'silent' }),
    }, ac.signal);
    port = s.ports[0]!;
    done = s.done;
    r = new Resolver({ timeout: 2000, tries: 1 });
    r.setServers([`127.0.0.1:${port}`]);
  });
  after(async () => { ac.abort(); await done; await upstream.close(); });

  it('resolves a Service name, its SRV record and the reverse name of its ClusterIP', async () => {
    assert.deepEqual(await r.resolve4('web.default.svc.cluster.local'), ['10.43.0.20']);
    assert.deepEqual(await r.resolveSrv('_http._tcp.web.default.svc.cluster.local'), [{ name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100 }]);
    assert.deepEqual(await r.reverse('10.43.0.20'), ['web.default.svc.cluster.local']);
  });

  it('answers NXDOMAIN for missing cluster names without asking the upstream', async () => {
    const before = upstream.seen.length;
    await assert.rejects(r.resolve4('web.default.svc.cluster.local.default.svc.cluster.local'), { code: 'ENOTFOUND' });
    await assert.rejects(r.resolve4('nope.default.svc.cluster.local'), { code: 'ENOTFOUND' });
    assert.equal(upstream.seen.length, before);
  });

  it('forwards other names to the upstream and answers repeats from the cache', async () => {
    assert.deepEqual(await r.resolve4('example.test'), ['192.0.2.7']);
    assert.deepEqual(await r.resolve4('example.test'), ['192.0.2.7']);
    assert.equal(upstream.seen.filter((s) => s === 'example.test A udp').length, 1);
    await assert.rejects(r.resolve4('missing.test'), { code: 'ENOTFOUND' });
  });

  it('follows an ExternalName CNAME to the upstream answer', async () => {
    const p = await udpQuery(port, { questions: [{ name: 'ext.default.svc.cluster.local', type: 'A' }] });
    assert.deepEqual(p?.answers?.map((a) => `${a.type} ${(a as { data: string }).data}`), ['CNAME example.test', 'A 192.0.2.7']);
  });

  it('a Service added after start answers at once, and stops answering once deleted', async () => {
    const late = svc('team', 'late', { clusterIP: '10.43.0.99' });
    emit('services', { type: 'add', obj: late });
    assert.deepEqual(await r.resolve4('late.team.svc.cluster.local'), ['10.43.0.99']);
    emit('services', { type: 'delete', obj: late });
    await assert.rejects(r.resolve4('late.team.svc.cluster.local'), { code: 'ENOTFOUND' });
  });

  it('truncates a UDP answer over 512 bytes, and the full answer comes over TCP', async () => {
    const p = await udpQuery(port, { questions: [{ name: 'big.default.svc.cluster.local', type: 'A' }] });
    assert.equal(p?.flag_tc, true);
    assert.equal(p?.answers?.length, 0);
    const ips = await r.resolve4('big.default.svc.cluster.local');
    assert.equal(ips.length, 60, 'the resolver retried over TCP');
  });

  it('honours a larger EDNS buffer size over UDP', async () => {
    const p = await udpQuery(port, {
      questions: [{ name: 'big.default.svc.cluster.local', type: 'A' }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
    });
    assert.equal(p?.flag_tc, false);
    assert.equal(p?.answers?.length, 60);
    assert.ok(p?.additionals?.some((a) => a.type === 'OPT'), 'an EDNS query gets an OPT record back');
  });

  it('garbage gets FORMERR or silence, other opcodes NOTIMP, and the server keeps answering', async () => {
    const header = (flags: number, qd: number) => { const b = Buffer.alloc(12); b.writeUInt16BE(0x1234, 0); b.writeUInt16BE(flags, 2); b.writeUInt16BE(qd, 4); return b; };
    const truncated = await udpQuery(port, header(0x0100, 1), '127.0.0.1', 500);
    assert.equal(truncated && rcodeOf(truncated), 'FORMERR');
    const noQuestion = await udpQuery(port, header(0x0100, 0), '127.0.0.1', 500);
    assert.equal(noQuestion && rcodeOf(noQuestion), 'FORMERR');
    const update = await udpQuery(port, dns.encode({ type: 'query', id: 7, flags: 5 << 11, questions: [{ name: 'x.cluster.local', type: 'A' }] }), '127.0.0.1', 500);
    assert.equal(update && rcodeOf(update), 'NOTIMP');
    assert.equal(await udpQuery(port, Buffer.from([1, 2, 3]), '127.0.0.1', 300), undefined, 'too short to answer');
    assert.equal(await udpQuery(port, header(0x8000, 0), '127.0.0.1', 300), undefined, 'responses are not answered');
    const sock = createSocket('udp4');
    for (let i = 0; i < 200; i++) sock.send(Buffer.from(Array.from({ length: 1 + (i % 80) }, (_, j) => (i * 31 + j * 7) % 256)), port, '127.0.0.1');
    await new Promise((res) => setTimeout(res, 100));
    sock.close();
    assert.deepEqual(await r.resolve4('web.default.svc.cluster.local'), ['10.43.0.20']);
  });
});

describe('cluster DNS lifecycle', () => {
  it('aborting the signal closes the listeners and settles done', async () => {
    const ac = new AbortController();
    const { informers } = fakeInformers({});
    const s = await startClusterDns({
      client: {} as KubeClient, informers, listen: [{ address: '127.0.0.1', port: 0 }], clusterDomain: 'cluster.local',
      upstreams: ['127.0.0.1:9'], log: pino({ level: 'silent' }),
    }, ac.signal);
    ac.abort();
    await s.done;
    assert.equal(await udpQuery(s.ports[0]!, { questions: [{ name: 'x.cluster.local', type: 'A' }] }, '127.0.0.1', 300), undefined);
  });
});

describe('cluster DNS start failures', () => {
  it('an address it cannot bind fails the start with one line naming it, and stops the informers it started', async () => {
    const listSignals: AbortSignal[] = [];
    const client = {
      // A list that never answers until its signal aborts, so the informers are still running when the bind fails.
      list: (_ref: unknown, o: { signal: AbortSignal }) => new Promise((_res, rej) => {
        listSignals.push(o.signal);
        o.signal.addEventListener('abort', () => rej(new Error('aborted')), { once: true });
      }),
      watch: () => { throw new Error('not reached'); },
    } as unknown as KubeClient;
    await assert.rejects(startClusterDns({
      client, listen: [{ address: '192.0.2.1', port: 0 }], clusterDomain: 'cluster.local',
      upstreams: ['127.0.0.1:9'], log: pino({ level: 'silent' }),
    }, new AbortController().signal), /cluster DNS cannot listen on 192\.0\.2\.1:0: .*EADDRNOTAVAIL/);
    assert.equal(listSignals.length, 2, 'services and endpointslices were being listed');
    assert.ok(listSignals.every((sig) => sig.aborted));
  });
});
