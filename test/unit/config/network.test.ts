import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveNetworkConfig } from '../../../src/config/network.js';

test('defaults match K3s: pods 10.42/16, services 10.43/16, DNS at .10, NodePorts 30000-32767', () => {
  const n = resolveNetworkConfig({});
  assert.equal(n.clusterCidr, '10.42.0.0/16');
  assert.equal(n.serviceCidr, '10.43.0.0/16');
  assert.equal(n.clusterDns, '10.43.0.10');
  assert.equal(n.clusterDomain, 'cluster.local');
  assert.deepEqual(n.nodePortRange, { min: 30000, max: 32767 });
  assert.equal(n.loadBalancerRange, undefined);
  assert.deepEqual(n.disabled, []);
});

test('the cluster DNS address follows a custom service CIDR', () => {
  assert.equal(resolveNetworkConfig({ serviceCidr: '10.96.0.0/12' }).clusterDns, '10.96.0.10');
});

test('bad network flags name the flag and say what is wrong', () => {
  const cases: [Parameters<typeof resolveNetworkConfig>[0], RegExp][] = [
    [{ serviceCidr: '10.42.128.0/20' }, /^--service-cidr: 10\.42\.128\.0\/20 overlaps --cluster-cidr 10\.42\.0\.0\/16$/],
    [{ clusterCidr: '10.42.0.1/16' }, /^--cluster-cidr: .*host bits set/],
    [{ clusterCidr: '10.42.0.0/25' }, /^--cluster-cidr: must be \/24 or larger/],
    [{ clusterDns: '10.44.0.10' }, /^--cluster-dns: 10\.44\.0\.10 is outside --service-cidr/],
    [{ serviceNodePortRange: '32767-30000' }, /^--service-node-port-range: must be "min-max"/],
    [{ lbRangeStart: '192.168.1.240' }, /^--lb-range-start: and --lb-range-size go together/],
    [{ lbRangeStart: '10.43.0.200', lbRangeSize: 4 }, /^--lb-range-start: range 10\.43\.0\.200 \(\+4\) overlaps --service-cidr/],
    [{ lbRangeStart: '192.168.1.240', lbRangeSize: 0 }, /^--lb-range-size: must be an integer/],
    [{ nodeIp: 'eth0' }, /^--node-ip: must be an IPv4 address/],
    [{ dnsUpstream: ['1.2.3.4:99999'] }, /^--dns-upstream: bad port/],
    [{ disable: ['coredns'] }, /^--disable: must be one of service-proxy, dns, servicelb, got "coredns"$/],
  ];
  for (const [flags, message] of cases) assert.throws(() => resolveNetworkConfig(flags), (e: Error) => e.name === 'ConfigError' && message.test(e.message), JSON.stringify(flags));
});

test('a load-balancer range and upstream resolvers with ports are kept', () => {
  const n = resolveNetworkConfig({ lbRangeStart: '192.168.1.240', lbRangeSize: '8', dnsUpstream: ['127.0.0.53', '127.0.0.1:5353'] });
  assert.deepEqual(n.loadBalancerRange, { start: '192.168.1.240', size: 8 });
  assert.deepEqual(n.dnsUpstream, ['127.0.0.53', '127.0.0.1:5353']);
});
