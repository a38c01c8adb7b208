import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidrContains, cidrsOverlap, formatCidr, intToIp, ipToInt, nthAddress, parseCidr, subnet } from '../../../../src/api/net/ipv4.js';

test('addresses round-trip through numbers, including the top of the range', () => {
  for (const ip of ['0.0.0.0', '10.43.0.10', '192.168.1.255', '255.255.255.255']) assert.equal(intToIp(ipToInt(ip)), ip);
  assert.throws(() => ipToInt('10.0.0.256'), /not an IPv4 address/);
});

test('CIDRs parse, refuse host bits, and answer containment and overlap', () => {
  const pods = parseCidr('10.42.0.0/16');
  assert.equal(pods.size, 65536);
  assert.ok(cidrContains(pods, '10.42.255.1'));
  assert.ok(!cidrContains(pods, '10.43.0.1'));
  assert.throws(() => parseCidr('10.42.0.1/16'), /host bits set \(did you mean 10\.42\.0\.0\/16\?\)/);
  assert.throws(() => parseCidr('10.42.0.0/33'), /not an IPv4 CIDR/);
  assert.throws(() => parseCidr('10.42.0.0'), /not an IPv4 CIDR/);
  assert.ok(cidrsOverlap(pods, parseCidr('10.42.7.0/24')));
  assert.ok(cidrsOverlap(parseCidr('10.0.0.0/8'), pods));
  assert.ok(!cidrsOverlap(pods, parseCidr('10.43.0.0/16')));
});

test('sub-blocks and n-th addresses stay inside their block', () => {
  const pods = parseCidr('10.42.0.0/16');
  assert.equal(formatCidr(subnet(pods, 24, 3)), '10.42.3.0/24');
  assert.throws(() => subnet(pods, 24, 256), /outside/);
  assert.equal(nthAddress(parseCidr('10.43.0.0/16'), 10), '10.43.0.10');
  assert.throws(() => nthAddress(parseCidr('10.43.0.0/30'), 4), /outside/);
});
