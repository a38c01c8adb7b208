import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../../src/api/registry/core-types.js';
import { renderEtcHosts } from '../../../../src/agent/pods/etc-hosts.js';

const pod = (spec: Record<string, unknown> = {}): Pod => ({ metadata: { name: 'db-0', namespace: 'shop', uid: 'u' }, spec: { containers: [], ...spec } } as Pod);

describe('pod /etc/hosts', () => {
  it('maps the pod IP to the pod name after the localhost entries', () => {
    const text = renderEtcHosts(pod(), ['10.42.0.7'], 'cluster.local');
    assert.match(text, /^# Kubernetes-managed hosts file\.\n127\.0\.0\.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n/);
    assert.ok(text.endsWith('fe00::2\tip6-allrouters\n10.42.0.7\tdb-0\n'));
  });

  it('spec.hostname + spec.subdomain give the FQDN <hostname>.<subdomain>.<ns>.svc.<domain> first', () => {
    assert.ok(renderEtcHosts(pod({ hostname: 'primary', subdomain: 'db' }), ['10.42.0.7'], 'cluster.local')
      .endsWith('10.42.0.7\tprimary.db.shop.svc.cluster.local\tprimary\n'));
  });

  it('appends hostAliases under their own comment', () => {
    const text = renderEtcHosts(pod({ hostAliases: [{ ip: '192.0.2.9', hostnames: ['reg.local', 'reg'] }] }), ['10.42.0.7']);
    assert.ok(text.endsWith('10.42.0.7\tdb-0\n\n# Entries added by HostAliases.\n192.0.2.9\treg.local\treg\n'));
  });
});
