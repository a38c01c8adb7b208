import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOwnChain, sepChain, svcChain } from '../../../../src/network/proxy/chains.js';

test('chain names are stable hashes of namespace/name:port and protocol, within iptables\' 28 characters', () => {
  assert.equal(svcChain('default/web:http', 'tcp'), svcChain('default/web:http', 'tcp'));
  assert.notEqual(svcChain('default/web:http', 'tcp'), svcChain('default/web:http', 'udp'));
  assert.notEqual(svcChain('default/web:http', 'tcp'), svcChain('other/web:http', 'tcp'));
  assert.notEqual(sepChain('default/web:http', 'tcp', '10.42.0.2:80'), sepChain('default/web:http', 'tcp', '10.42.0.3:80'));
  const long = svcChain(`${'n'.repeat(63)}/${'s'.repeat(63)}:${'p'.repeat(15)}`, 'tcp');
  assert.match(long, /^KITE-SVC-[A-Z0-9]{16}$/);
  assert.ok(long.length <= 28);
  // pinned: a restarted (or upgraded) proxy must find the chains of the previous run under the same names
  assert.equal(svcChain('default/web:http', 'tcp'), 'KITE-SVC-DIXR81GNLJPMFXC1');
});

test('only the proxy\'s own chain names count as its own', () => {
  for (const c of ['KITE-SERVICES', 'KITE-NODEPORTS', 'KITE-POSTROUTING', 'KITE-MARK-MASQ', 'KITE-FORWARD', svcChain('a/b', 'tcp')]) assert.ok(isOwnChain(c), c);
  for (const c of ['KUBE-SERVICES', 'KTEST-FOREIGN', 'KITE-SVC-short', 'CNI-HOSTPORT-DNAT', 'KITE-PODS', 'INPUT']) assert.ok(!isOwnChain(c), c);
});
