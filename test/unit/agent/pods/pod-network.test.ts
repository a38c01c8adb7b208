import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, it } from 'node:test';
import type { PodSandboxConfig } from '../../../../src/agent/cri/index.js';
import { fixture, HOST_IP, pod } from './fixture.js';

type F = Awaited<ReturnType<typeof fixture>>;
let f: F | undefined;
afterEach(async () => { await f?.cleanup(); f = undefined; });

describe('pod worker on the CNI pod network', () => {
  it('a pod waits without a sandbox while the network is not ready, then starts with the sandbox\'s IP', async () => {
    let ready = false;
    f = await fixture({ pods: [pod()], network: { ready: () => ready } });
    assert.equal(await f.sync(), 1000, 'checks again in a second');
    assert.deepEqual(f.criCalls('runPodSandbox'), []);
    assert.equal(f.lastStatus().phase, 'Pending');
    assert.equal(f.lastStatus().podIP, undefined);
    assert.equal(f.events.at(-1)?.reason, 'NetworkNotReady');
    await f.sync();
    assert.equal(f.events.filter((e) => e.reason === 'NetworkNotReady').length, 1, 'one event, not one per re-check');
    ready = true;
    await f.sync();
    assert.deepEqual(f.criCalls('runPodSandbox'), ['runPodSandbox']);
    const st = f.lastStatus();
    assert.match(String(st.podIP), /^10\.88\.0\.\d+$/);
    assert.notEqual(st.podIP, HOST_IP);
    assert.deepEqual(st.podIPs, [{ ip: st.podIP }]);
  });

  it('a hostNetwork pod never waits for the pod network and reports the node\'s IP', async () => {
    f = await fixture({ pods: [pod({ hostNetwork: true })], network: { ready: () => false } });
    await f.sync();
    assert.deepEqual(f.criCalls('runPodSandbox'), ['runPodSandbox']);
    assert.equal(f.lastStatus().podIP, HOST_IP);
  });

  it('the sandbox carries the pod\'s own network namespace, hostname, hostPorts and cluster DNS', async () => {
    f = await fixture({
      pods: [pod({ hostname: 'box', containers: [{ name: 'app', image: 'busybox:1.35', ports: [{ containerPort: 80, hostPort: 8088 }] }] }, { namespace: 'shop' })],
      network: { ready: () => true },
    });
    const configs: PodSandboxConfig[] = [];
    const run = f.cri.runPodSandbox.bind(f.cri);
    f.cri.runPodSandbox = async (c, s) => { configs.push(c); return run(c, s); };
    await f.sync();
    const cfg = configs[0]!;
    assert.equal(cfg.linux?.securityContext?.namespaceOptions?.network, 'POD');
    assert.equal(cfg.hostname, 'box');
    assert.deepEqual(cfg.portMappings, [{ protocol: 'TCP', containerPort: 80, hostPort: 8088 }]);
    assert.deepEqual(cfg.dnsConfig, { servers: ['10.43.0.10'], searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] });
  });

  it('containers get the pod\'s managed /etc/hosts with its IP and hostname', async () => {
    f = await fixture({ pods: [pod()], network: { ready: () => true } });
    const mounts: Array<{ containerPath: string; hostPath: string }> = [];
    const create = f.cri.createContainer.bind(f.cri);
    f.cri.createContainer = async (id, c, sb) => { mounts.push(...(c.mounts ?? [])); return create(id, c, sb); };
    await f.sync();
    const hosts = mounts.find((m) => m.containerPath === '/etc/hosts');
    assert.ok(hosts, 'an /etc/hosts mount');
    assert.match(await readFile(hosts.hostPath, 'utf8'), new RegExp(`^${String(f.lastStatus().podIP).replace(/\./g, '\\.')}\tweb$`, 'm'));
  });
});
