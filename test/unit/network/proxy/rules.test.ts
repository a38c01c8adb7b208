import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from '../../../../src/api/registry/core-types.js';
import { extChain, fwChain, sepChain, svcChain, svlChain } from '../../../../src/network/proxy/chains.js';
import { buildServicePorts, type ProxyEndpointSlice } from '../../../../src/network/proxy/model.js';
import { buildRules, type RuleOptions } from '../../../../src/network/proxy/rules.js';
import { ep, slice, svc } from './fixtures.js';

const CIDR = '10.42.0.0/16';
const rules = (services: Service[], slices: ProxyEndpointSlice[], o: Partial<RuleOptions> = {}) =>
  buildRules(buildServicePorts(services, slices, 'n1'), { clusterCidr: CIDR, ...o });
/** Rule lines of a chain without the `-A CHAIN` prefix and comments, for readable assertions. */
const body = (lines: string[] | undefined) => (lines ?? []).map((l) => l.replace(/^-A \S+ /, '').replace(/-m comment --comment "[^"]*" /, ''));

const web = svc('web', { clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 80 }] });
const webEps = (...ips: string[]) => slice('web', ips.map((ip) => ep(ip)), [{ name: 'http', port: 8080, protocol: 'TCP' }]);
const N = 'default/web:http';

test('a ClusterIP is DNATed to its endpoints with random balancing: 1/3, 1/2, then the last', () => {
  const r = rules([web], [webEps('10.42.0.2', '10.42.0.3', '10.42.0.4')]);
  const svcC = svcChain(N, 'tcp');
  assert.deepEqual(body(r.nat.get('KITE-SERVICES')).slice(0, 1), [`-p tcp -m tcp --dport 80 -d 10.43.0.20/32 -j ${svcC}`]);
  const seps = ['10.42.0.2', '10.42.0.3', '10.42.0.4'].map((ip) => sepChain(N, 'tcp', `${ip}:8080`));
  assert.deepEqual(body(r.nat.get(svcC)), [
    `-p tcp -m tcp --dport 80 -d 10.43.0.20/32 ! -s ${CIDR} -j KITE-MARK-MASQ`,
    `-m statistic --mode random --probability 0.3333333333 -j ${seps[0]}`,
    `-m statistic --mode random --probability 0.5000000000 -j ${seps[1]}`,
    `-j ${seps[2]}`,
  ]);
  assert.deepEqual(body(r.nat.get(seps[1]!)), [
    '-s 10.42.0.3/32 -j KITE-MARK-MASQ',
    '-p tcp -m tcp -j DNAT --to-destination 10.42.0.3:8080',
  ]);
  assert.deepEqual(body(r.filter.get('KITE-SERVICES')), []);
});

test('an endpoint reaching its own Service is masqueraded (hairpin)', () => {
  const r = rules([web], [webEps('10.42.0.2')]);
  assert.ok(r.nat.get(sepChain(N, 'tcp', '10.42.0.2:8080'))!.some((l) => / -s 10\.42\.0\.2\/32 -j KITE-MARK-MASQ$/.test(l)));
  assert.deepEqual(body(r.nat.get('KITE-POSTROUTING')), [
    '-m mark ! --mark 0x4000/0x4000 -j RETURN', '-j MARK --xor-mark 0x4000', '-j MASQUERADE --random-fully',
  ]);
});

test('a Service without ready endpoints is REJECTed in the filter table and has no nat chains', () => {
  const r = rules([web], [slice('web', [ep('10.42.0.2', { conditions: { ready: false } })], [{ name: 'http', port: 8080 }])]);
  assert.deepEqual(body(r.filter.get('KITE-SERVICES')), ['-p tcp -m tcp --dport 80 -d 10.43.0.20/32 -j REJECT']);
  assert.ok(r.filter.get('KITE-SERVICES')![0]!.includes('"default/web:http has no endpoints"'));
  assert.deepEqual([...r.nat.keys()].filter((c) => /^KITE-(SVC|SEP|EXT|SVL)-/.test(c)), []);
});

test('NodePorts answer on every local address through KITE-NODEPORTS, masqueraded, and the jump to it is the last rule', () => {
  const np = svc('web', { type: 'NodePort', clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 80, nodePort: 30080 }] });
  const r = rules([np], [webEps('10.42.0.2')]);
  const ext = extChain(N, 'tcp');
  assert.deepEqual(body(r.nat.get('KITE-NODEPORTS')), [`-p tcp -m tcp --dport 30080 -j ${ext}`]);
  assert.deepEqual(body(r.nat.get(ext)), ['-j KITE-MARK-MASQ', `-j ${svcChain(N, 'tcp')}`]);
  assert.equal(body(r.nat.get('KITE-SERVICES')).at(-1), '-m addrtype --dst-type LOCAL -j KITE-NODEPORTS');
});

test('with nodeIps, NodePorts answer only on those addresses and 127.0.0.1', () => {
  const r = rules([web], [], { nodeIps: ['192.168.1.5'] });
  assert.deepEqual(body(r.nat.get('KITE-SERVICES')).slice(-2), ['-d 192.168.1.5/32 -j KITE-NODEPORTS', '-d 127.0.0.1/32 -j KITE-NODEPORTS']);
});

test('a NodePort without endpoints is REJECTed for local destinations', () => {
  const np = svc('web', { type: 'NodePort', clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 80, nodePort: 30080 }] });
  assert.deepEqual(body(rules([np], []).filter.get('KITE-SERVICES')), [
    '-p tcp -m tcp --dport 80 -d 10.43.0.20/32 -j REJECT',
    '-m addrtype --dst-type LOCAL -p tcp -m tcp --dport 30080 -j REJECT',
  ]);
});

test('LoadBalancer ingress IPs and external IPs are DNATed like NodePorts', () => {
  const lb = svc('web', { type: 'LoadBalancer', clusterIP: '10.43.0.20', externalIPs: ['192.168.7.7'], ports: [{ name: 'http', port: 80, nodePort: 30080 }] },
    { loadBalancer: { ingress: [{ ip: '192.168.5.50' }] } });
  const r = rules([lb], [webEps('10.42.0.2')]);
  const ext = extChain(N, 'tcp');
  assert.deepEqual(body(r.nat.get('KITE-SERVICES')).slice(1, 3), [
    `-p tcp -m tcp --dport 80 -d 192.168.7.7/32 -j ${ext}`,
    `-p tcp -m tcp --dport 80 -d 192.168.5.50/32 -j ${ext}`,
  ]);
});

test('ClientIP affinity sends a known client to its endpoint before random balancing', () => {
  const sticky = svc('web', { clusterIP: '10.43.0.20', sessionAffinity: 'ClientIP', ports: [{ name: 'http', port: 80 }] });
  const r = rules([sticky], [webEps('10.42.0.2', '10.42.0.3')]);
  const [a, b] = ['10.42.0.2', '10.42.0.3'].map((ip) => sepChain(N, 'tcp', `${ip}:8080`));
  assert.deepEqual(body(r.nat.get(svcChain(N, 'tcp'))).slice(1), [
    `-m recent --name ${a} --rcheck --seconds 10800 --reap -j ${a}`,
    `-m recent --name ${b} --rcheck --seconds 10800 --reap -j ${b}`,
    `-m statistic --mode random --probability 0.5000000000 -j ${a}`,
    `-j ${b}`,
  ]);
  assert.equal(body(r.nat.get(a!))[1], `-m recent --name ${a} --set -p tcp -m tcp -j DNAT --to-destination 10.42.0.2:8080`);
});

test('externalTrafficPolicy Local: external traffic goes to this node\'s endpoints without SNAT; pods and the host use any endpoint', () => {
  const local = svc('web', { type: 'NodePort', clusterIP: '10.43.0.20', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, nodePort: 30080 }] });
  const r = rules([local], [slice('web', [ep('10.42.0.2', { nodeName: 'n1' }), ep('10.42.1.2', { nodeName: 'n2' })], [{ name: 'http', port: 8080 }])]);
  const [svcC, svlC, ext] = [svcChain(N, 'tcp'), svlChain(N, 'tcp'), extChain(N, 'tcp')];
  assert.deepEqual(body(r.nat.get(ext)), [
    `-s ${CIDR} -j ${svcC}`,
    '-m addrtype --src-type LOCAL -j KITE-MARK-MASQ',
    `-m addrtype --src-type LOCAL -j ${svcC}`,
    `-j ${svlC}`,
  ]);
  assert.deepEqual(body(r.nat.get(svlC)), [`-j ${sepChain(N, 'tcp', '10.42.0.2:8080')}`]);
  // the ClusterIP still balances across both nodes
  assert.equal(body(r.nat.get(svcC)).filter((l) => l.includes('KITE-SEP-')).length, 2);
});

test('externalTrafficPolicy Local with endpoints only on other nodes DROPs external traffic', () => {
  const local = svc('web', { type: 'NodePort', clusterIP: '10.43.0.20', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, nodePort: 30080 }] });
  const r = rules([local], [slice('web', [ep('10.42.1.2', { nodeName: 'n2' })], [{ name: 'http', port: 8080 }])]);
  assert.deepEqual(body(r.filter.get('KITE-SERVICES')), ['-m addrtype --dst-type LOCAL -p tcp -m tcp --dport 30080 -j DROP']);
  assert.deepEqual(body(r.nat.get('KITE-NODEPORTS')), []);
  assert.ok(body(r.nat.get('KITE-SERVICES'))[0]!.endsWith(`-j ${svcChain(N, 'tcp')}`));
});

test('internalTrafficPolicy Local: the ClusterIP reaches only this node\'s endpoints, and DROPs when there are none here', () => {
  const itp = svc('web', { clusterIP: '10.43.0.20', internalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80 }] });
  const eps = (...nodes: string[]) => slice('web', nodes.map((n, i) => ep(`10.42.${i}.2`, { nodeName: n })), [{ name: 'http', port: 8080 }]);
  const r = rules([itp], [eps('n1', 'n2')]);
  const svlC = svlChain(N, 'tcp');
  assert.ok(body(r.nat.get('KITE-SERVICES'))[0]!.endsWith(`-j ${svlC}`));
  assert.deepEqual(body(r.nat.get(svlC)), [
    `-p tcp -m tcp --dport 80 -d 10.43.0.20/32 ! -s ${CIDR} -j KITE-MARK-MASQ`,
    `-j ${sepChain(N, 'tcp', '10.42.0.2:8080')}`,
  ]);
  assert.equal(r.nat.has(svcChain(N, 'tcp')), false);
  assert.deepEqual(body(rules([itp], [eps('n2')]).filter.get('KITE-SERVICES')), ['-p tcp -m tcp --dport 80 -d 10.43.0.20/32 -j DROP']);
});

test('the same input always gives byte-identical rules (the sync diffs them)', () => {
  const a = rules([web], [webEps('10.42.0.3', '10.42.0.2')]);
  const b = rules([web], [webEps('10.42.0.2', '10.42.0.3')]);
  assert.deepEqual([...a.nat], [...b.nat]);
});

test('loadBalancerSourceRanges: only listed sources and the host reach the LB IP; everyone else is DROPped', () => {
  const lb = svc('web', { type: 'LoadBalancer', clusterIP: '10.43.0.20', loadBalancerSourceRanges: ['192.168.5.0/24'], ports: [{ name: 'http', port: 80, nodePort: 30080 }] },
    { loadBalancer: { ingress: [{ ip: '192.168.5.50' }] } });
  const r = rules([lb], [webEps('10.42.0.2')]);
  const [fw, ext] = [fwChain(N, 'tcp'), extChain(N, 'tcp')];
  assert.equal(body(r.nat.get('KITE-SERVICES'))[1], `-p tcp -m tcp --dport 80 -d 192.168.5.50/32 -j ${fw}`);
  assert.deepEqual(body(r.nat.get(fw)), [`-s 192.168.5.0/24 -j ${ext}`, `-m addrtype --src-type LOCAL -j ${ext}`]);
  assert.deepEqual(body(r.filter.get('KITE-SERVICES')), ['-p tcp -m tcp --dport 80 -d 192.168.5.50/32 -j DROP']);
  // the NodePort is not restricted, as upstream
  assert.deepEqual(body(r.nat.get('KITE-NODEPORTS')), [`-p tcp -m tcp --dport 30080 -j ${ext}`]);
});

test('rules built through the per-port cache equal fresh ones, and the cache forgets removed Services', () => {
  const other = svc('other', { clusterIP: '10.43.0.30', ports: [{ port: 81 }] });
  const cache = new Map();
  const ports = (services: Service[], ips: string[]) => buildServicePorts(services, [webEps(...ips)], 'n1');
  buildRules(ports([web, other], ['10.42.0.2']), { clusterCidr: CIDR }, cache);
  assert.equal(cache.size, 2);
  const cached = buildRules(ports([web], ['10.42.0.2', '10.42.0.3']), { clusterCidr: CIDR }, cache);
  assert.deepEqual([...cached.nat], [...rules([web], [webEps('10.42.0.2', '10.42.0.3')]).nat]);
  assert.deepEqual([...cached.filter], [...rules([web], [webEps('10.42.0.2', '10.42.0.3')]).filter]);
  assert.equal(cache.size, 1);
});
