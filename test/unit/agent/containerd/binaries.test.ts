import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRuntimeBinaries, RUNTIME_PACKAGES_HINT } from '../../../../src/agent/containerd/binaries.js';

const fakeFs = (present: string[]) => async (f: string) => present.includes(f);
const ALL = ['/usr/bin/containerd', '/usr/bin/containerd-shim-runc-v2', '/usr/sbin/runc', '/usr/bin/ctr', '/usr/sbin/iptables', '/usr/bin/ip',
  '/usr/lib/cni/bridge', '/usr/lib/cni/host-local', '/usr/lib/cni/loopback', '/usr/lib/cni/portmap'];

describe('runtime binary check', () => {
  it('finds every program on PATH plus the system sbin dirs', async () => {
    const found = await checkRuntimeBinaries({ envPath: '/opt/x', isExecutable: fakeFs(ALL) });
    assert.equal(found.runc, '/usr/sbin/runc');
    assert.equal(found.containerd, '/usr/bin/containerd');
    assert.equal(found['cni/bridge'], '/usr/lib/cni/bridge');
  });

  it('PATH entries win over the system dirs', async () => {
    const found = await checkRuntimeBinaries({ envPath: '/opt/ctd/bin', isExecutable: fakeFs([...ALL, '/opt/ctd/bin/containerd']) });
    assert.equal(found.containerd, '/opt/ctd/bin/containerd');
  });

  it('missing programs give one line naming them and the Debian packages to install', async () => {
    const err = await checkRuntimeBinaries({ envPath: '', isExecutable: fakeFs(ALL.filter((f) => !/runc$|bridge$/.test(f))) })
      .then(() => undefined, (e: Error) => e);
    assert.equal(err?.message,
      'container runtime not installed: missing runc, /usr/lib/cni/bridge; install it with: apt-get install -y containerd runc containernetworking-plugins iptables iproute2');
    assert.equal(RUNTIME_PACKAGES_HINT, 'apt-get install -y containerd runc containernetworking-plugins iptables iproute2');
    assert.ok(!err.message.includes('\n'));
  });
});
