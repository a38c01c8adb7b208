import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planLbAddresses } from '../../../../src/network/proxy/lb-addresses.js';

const host = [
  { dev: 'lo', ip: '127.0.0.1', prefix: 8 },
  { dev: 'eth0', ip: '192.168.1.10', prefix: 24 },
  { dev: 'br1', ip: '192.168.0.1', prefix: 16 },
];

test('an LB IP is added as /32 to the interface with the most specific subnet containing it', () => {
  assert.deepEqual(planLbAddresses(['192.168.1.50', '192.168.9.9'], host, []), {
    add: [{ ip: '192.168.1.50', dev: 'eth0' }, { ip: '192.168.9.9', dev: 'br1' }], del: [], unplaceable: [],
  });
});

test('an LB IP that is already a host address (the node IP) is not added; one outside every subnet is reported', () => {
  assert.deepEqual(planLbAddresses(['192.168.1.10', '10.9.9.9', '127.0.0.9'], host, []), { add: [], del: [], unplaceable: ['10.9.9.9', '127.0.0.9'] });
});

test('only addresses we added are removed, once no Service wants them; ours that vanished are re-added', () => {
  const withOurs = [...host, { dev: 'eth0', ip: '192.168.1.50', prefix: 32 }];
  const ours = [{ ip: '192.168.1.50', dev: 'eth0' }, { ip: '192.168.1.51', dev: 'eth0' }];
  assert.deepEqual(planLbAddresses(['192.168.1.51'], withOurs, ours), {
    add: [{ ip: '192.168.1.51', dev: 'eth0' }], del: [{ ip: '192.168.1.50', dev: 'eth0' }], unplaceable: [],
  });
  assert.deepEqual(planLbAddresses([], host, []), { add: [], del: [], unplaceable: [] });
});
