import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createZoneIndex } from '../../../../src/network/dns/zone-index.js';
import { slice, svc } from './fixtures.js';

const D = 'cluster.local';

describe('cluster DNS zone index', () => {
  it('a ClusterIP Service has an A record, SRV for its named port and a PTR', () => {
    const z = createZoneIndex(D);
    z.setService(svc('default', 'web', { clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { port: 9000 }] }));
    assert.deepEqual(z.records('web.default.svc.cluster.local')?.a, ['10.43.0.20']);
    assert.deepEqual(z.records('_http._tcp.web.default.svc.cluster.local')?.srv, [{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
    assert.deepEqual(z.records('web.default.svc.cluster.local')?.srv.map((s) => s.port), [80, 9000]);
    assert.deepEqual(z.ptr('10.43.0.20'), ['web.default.svc.cluster.local']);
  });

  it('a headless Service answers with the ready endpoints of all its slices, and hostnames get their own names', () => {
    const z = createZoneIndex(D);
    z.setService(svc('db', 'pg', { clusterIP: 'None', ports: [{ name: 'sql', port: 5432 }] }));
    z.setSlice(slice('db', 'pg-a', 'pg', [{ addresses: ['10.42.0.5'], hostname: 'pg-0' }, { addresses: ['10.42.0.9'], conditions: { ready: false } }], [{ name: 'sql', port: 5432, protocol: 'TCP' }]));
    z.setSlice(slice('db', 'pg-b', 'pg', [{ addresses: ['10.42.0.6'], hostname: 'pg-1', conditions: { ready: true } }, { addresses: ['10.42.0.7'] }], [{ name: 'sql', port: 5432, protocol: 'TCP' }]));
    assert.deepEqual(z.records('pg.db.svc.cluster.local')?.a.sort(), ['10.42.0.5', '10.42.0.6', '10.42.0.7']);
    assert.deepEqual(z.records('pg-0.pg.db.svc.cluster.local')?.a, ['10.42.0.5']);
    assert.deepEqual(z.records('10-42-0-7.pg.db.svc.cluster.local')?.a, ['10.42.0.7']);
    assert.equal(z.records('10-42-0-9.pg.db.svc.cluster.local'), undefined, 'not-ready endpoint is left out');
    assert.deepEqual(z.records('_sql._tcp.pg.db.svc.cluster.local')?.srv.map((s) => s.target).sort(),
      ['10-42-0-7.pg.db.svc.cluster.local', 'pg-0.pg.db.svc.cluster.local', 'pg-1.pg.db.svc.cluster.local']);
    assert.deepEqual(z.ptr('10.42.0.6'), ['pg-1.pg.db.svc.cluster.local']);
  });

  it('publishNotReadyAddresses keeps not-ready endpoints', () => {
    const z = createZoneIndex(D);
    z.setService(svc('db', 'pg', { clusterIP: 'None', publishNotReadyAddresses: true }));
    z.setSlice(slice('db', 'pg-a', 'pg', [{ addresses: ['10.42.0.9'], conditions: { ready: false } }]));
    assert.deepEqual(z.records('pg.db.svc.cluster.local')?.a, ['10.42.0.9']);
  });

  it('slices that arrive before their Service are used once it appears; deleting a slice drops its IPs', () => {
    const z = createZoneIndex(D);
    z.setSlice(slice('db', 'pg-a', 'pg', [{ addresses: ['10.42.0.5'] }]));
    assert.equal(z.records('pg.db.svc.cluster.local'), undefined);
    z.setService(svc('db', 'pg', { clusterIP: 'None' }));
    assert.deepEqual(z.records('pg.db.svc.cluster.local')?.a, ['10.42.0.5']);
    z.deleteSlice(slice('db', 'pg-a', 'pg', []));
    assert.deepEqual(z.records('pg.db.svc.cluster.local')?.a, []);
    assert.deepEqual(z.ptr('10.42.0.5'), []);
  });

  it('a slice relabelled to another Service moves its endpoints', () => {
    const z = createZoneIndex(D);
    z.setService(svc('db', 'a', { clusterIP: 'None' }));
    z.setService(svc('db', 'b', { clusterIP: 'None' }));
    z.setSlice(slice('db', 's1', 'a', [{ addresses: ['10.42.0.5'] }]));
    z.setSlice(slice('db', 's1', 'b', [{ addresses: ['10.42.0.5'] }]));
    assert.deepEqual(z.records('a.db.svc.cluster.local')?.a, []);
    assert.deepEqual(z.records('b.db.svc.cluster.local')?.a, ['10.42.0.5']);
  });

  it('an ExternalName Service is a CNAME to its target', () => {
    const z = createZoneIndex(D);
    z.setService(svc('default', 'ext', { type: 'ExternalName', externalName: 'Example.TEST.' }));
    assert.equal(z.records('ext.default.svc.cluster.local')?.cname, 'example.test');
  });

  it('deleting a Service removes its names, its PTRs and the empty non-terminals only it held up', () => {
    const z = createZoneIndex(D);
    z.setService(svc('team', 'web', { clusterIP: '10.43.0.21', ports: [{ name: 'http', port: 80 }] }));
    assert.equal(z.exists('team.svc.cluster.local'), true);
    assert.equal(z.exists('_tcp.web.team.svc.cluster.local'), true);
    z.deleteService('team', 'web');
    assert.equal(z.records('web.team.svc.cluster.local'), undefined);
    assert.equal(z.records('_http._tcp.web.team.svc.cluster.local'), undefined);
    assert.equal(z.exists('team.svc.cluster.local'), false);
    assert.deepEqual(z.ptr('10.43.0.21'), []);
  });

  it('updating a Service replaces its records and bumps the serial', () => {
    const z = createZoneIndex(D);
    z.setService(svc('default', 'web', { clusterIP: '10.43.0.20' }));
    const s1 = z.serial();
    z.setService(svc('default', 'web', { clusterIP: '10.43.0.30' }));
    assert.deepEqual(z.records('web.default.svc.cluster.local')?.a, ['10.43.0.30']);
    assert.deepEqual(z.ptr('10.43.0.20'), []);
    assert.ok(z.serial() > s1);
  });
});
