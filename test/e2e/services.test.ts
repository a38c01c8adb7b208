/**
 * Services in the control plane, end to end through the real kubectl against `kite server
 * --disable-agent` with two simulated nodes: ClusterIP and NodePort allocation (422s with upstream
 * wording), EndpointSlices and Endpoints following pod readiness, LoadBalancer addresses from a
 * configured range (192.0.2.0/24 is TEST-NET-1: nothing here is ever contacted), releases on delete,
 * allocations kept across a server restart, and the `kubernetes` Service.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { startSimNodes, type SimNodes } from './helpers/sim-nodes.js';
import { until } from './helpers/wait.js';

const LB_START = '192.0.2.10';
const inServiceCidr = (ip: string) => /^10\.43\.\d+\.\d+$/.test(ip) && ip !== '10.43.0.1' && ip !== '10.43.0.10' && ip !== '10.43.0.0';

describe('services', () => {
  let c: TestCluster;
  let sim: SimNodes;
  before(async () => {
    c = await startCluster(['--lb-range-start', LB_START, '--lb-range-size', '2']);
    sim = await startSimNodes(c, 2);
  });
  after(async () => {
    await sim?.stop();
    await c?.stop();
  });

  const clusterIP = async (name: string) => (await c.k(['get', 'svc', name, '-o', 'jsonpath={.spec.clusterIP}'])).trim();
  const externalIP = async (name: string) => (await c.k(['get', 'svc', name, '--no-headers'])).trim().split(/\s+/)[3];
  /** `ip=ready` pairs of the Service's slices, sorted. */
  const sliceEndpoints = async (svc: string) => (await c.k(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${svc}`,
    '-o', 'jsonpath={range .items[*].endpoints[*]}{.addresses[0]}={.conditions.ready}{"\\n"}{end}'])).trim().split('\n').filter(Boolean).sort();
  const refused = async (args: string[]) => {
    const r = await c.kubectl(args);
    assert.notEqual(r.code, 0, `expected kubectl ${args.join(' ')} to fail`);
    return r.stderr.trim();
  };

  it('the kubernetes Service has the first service address and a slice naming the API server', async () => {
    assert.equal(await clusterIP('kubernetes'), '10.43.0.1');
    assert.equal((await c.k(['get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.ports[0].name}:{.spec.ports[0].port}->{.spec.ports[0].targetPort}'])), `https:443->${c.port}`);
    assert.equal(await c.k(['get', 'endpointslice', 'kubernetes', '-o', 'jsonpath={.endpoints[0].addresses[0]}:{.ports[0].port}']), `127.0.0.1:${c.port}`);
    assert.equal(await c.k(['get', 'endpoints', 'kubernetes', '-o', 'jsonpath={.subsets[0].addresses[0].ip}']), '127.0.0.1');
  });

  it('kubectl expose gets a cluster IP in range and slices listing the ready pod IPs, which follow readiness', async () => {
    await c.k(['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80']);
    await c.k(['expose', 'deployment', 'web', '--port', '80']);
    const ip = await clusterIP('web');
    assert.ok(inServiceCidr(ip), `cluster IP ${ip} in 10.43.0.0/16 and not reserved`);
    const podIPs = await until('2 running pods with IPs', async () => {
      const out = (await c.k(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.status.podIP}{"\\n"}{end}'])).trim().split('\n').filter(Boolean);
      return out.length === 2 && out.sort();
    });
    await until('both pod IPs ready in the slices', async () => {
      const eps = await sliceEndpoints('web');
      return JSON.stringify(eps) === JSON.stringify(podIPs.map((p) => `${p}=true`)) && eps;
    });
    assert.equal((await c.k(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'jsonpath={.items[0].metadata.labels.endpointslice\\.kubernetes\\.io/managed-by}'])), 'endpointslice-controller.k8s.io');

    const pod = (await c.k(['get', 'pods', '-l', 'app=web', '-o', `jsonpath={.items[?(@.status.podIP=="${podIPs[0]}")].metadata.name}`])).trim();
    await c.k(['annotate', 'pod', pod, 'kite.dev/sim-ready=false']);
    await until('the un-Ready pod to be ready=false in its slice', async () => {
      const eps = await sliceEndpoints('web');
      return eps.includes(`${podIPs[0]}=false`) && eps.includes(`${podIPs[1]}=true`);
    }, 20_000);
    await until('the Endpoints to list it under notReadyAddresses', async () =>
      (await c.k(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[0].notReadyAddresses[*].ip}'])).trim() === podIPs[0], 20_000);
  });

  it('refuses a taken cluster IP and taken or out-of-range node ports with upstream wording', async () => {
    const webIP = await clusterIP('web');
    assert.match(await refused(['create', 'service', 'clusterip', 'dup', '--tcp=80', `--clusterip=${webIP}`]),
      new RegExp(`Service "dup" is invalid: spec.clusterIPs\\[0\\]: Invalid value: "${webIP.replace(/\./g, '\\.')}": provided IP is already allocated`));
    assert.match(await refused(['create', 'service', 'clusterip', 'far', '--tcp=80', '--clusterip=10.99.0.5']),
      /spec.clusterIPs\[0\]: Invalid value: "10.99.0.5": provided IP is not in the valid range. The range of valid IPs is 10.43.0.0\/16/);
    await c.k(['create', 'service', 'nodeport', 'np1', '--tcp=80:80', '--node-port=30080']);
    assert.match(await refused(['create', 'service', 'nodeport', 'np2', '--tcp=80:80', '--node-port=30080']),
      /Service "np2" is invalid: spec.ports\[0\].nodePort: Invalid value: 30080: provided port is already allocated/);
    assert.match(await refused(['create', 'service', 'nodeport', 'np3', '--tcp=80:80', '--node-port=8080']),
      /spec.ports\[0\].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767/);
    const r = await c.kubectl(['get', 'svc', 'np2', 'np3', 'dup', 'far']);
    assert.match(r.stderr, /"np2" not found/, 'refused Services are not stored');
  });

  it('re-applying a NodePort Service (client- and server-side) keeps its cluster IP and node ports', async () => {
    const manifest = `apiVersion: v1
kind: Service
metadata: { name: applied }
spec:
  type: NodePort
  selector: { app: x }
  ports: [{ name: a, port: 80 }, { name: b, port: 81, protocol: UDP }]
`;
    const show = () => c.k(['get', 'svc', 'applied', '-o', 'jsonpath={.spec.clusterIP} {.spec.ports[*].nodePort}']);
    await c.k(['apply', '-f', '-'], { input: manifest });
    const first = await show();
    assert.match(first, /^10\.43\.\d+\.\d+ 3\d{4} 3\d{4}$/);
    await c.k(['apply', '-f', '-'], { input: manifest });
    await c.k(['apply', '--server-side', '-f', '-'], { input: manifest });
    await c.k(['replace', '-f', '-'], { input: manifest });
    assert.equal(await show(), first);
  });

  it('LoadBalancer Services get EXTERNAL-IPs from the range; an exhausted range leaves <pending> and an event', async () => {
    await c.k(['create', 'service', 'loadbalancer', 'lb1', '--tcp=80:80']);
    await c.k(['create', 'service', 'loadbalancer', 'lb2', '--tcp=81:81']);
    await until('lb1 and lb2 to show addresses', async () => (await externalIP('lb1')) === '192.0.2.10' && (await externalIP('lb2')) === '192.0.2.11');
    assert.equal(await c.k(['get', 'svc', 'lb1', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ipMode}']), 'VIP');
    assert.match(await c.k(['get', 'svc', 'lb1', '-o', 'jsonpath={.spec.ports[0].nodePort}']), /^3\d{4}$/);
    await c.k(['create', 'service', 'loadbalancer', 'lb3', '--tcp=82:82']);
    const msg = await until('an AllocationFailed event for lb3', async () =>
      (await c.k(['get', 'events', '--field-selector', 'involvedObject.name=lb3,reason=AllocationFailed', '-o', 'jsonpath={.items[0].message}'])).trim());
    assert.match(msg, /no available IPs in range 192\.0\.2\.10 \(\+2\)/);
    assert.equal(await externalIP('lb3'), '<pending>');
  });

  it('deleting a Service releases its address and node port for reuse', async () => {
    await c.k(['delete', 'service', 'lb1']);
    await until('lb3 to take the released address', async () => (await externalIP('lb3')) === '192.0.2.10');
    await c.k(['delete', 'service', 'np1']);
    await c.k(['create', 'service', 'nodeport', 'np4', '--tcp=80:80', '--node-port=30080']);
    // dryRun and a type change: neither keeps what it no longer needs.
    await c.k(['create', 'service', 'nodeport', 'dry', '--tcp=80:80', '--node-port=30090', '--dry-run=server']);
    await c.k(['create', 'service', 'nodeport', 'np6', '--tcp=80:80', '--node-port=30090']);
    await c.k(['patch', 'svc', 'np6', '-p', '{"spec":{"type":"ClusterIP"}}']);
    assert.equal(await c.k(['get', 'svc', 'np6', '-o', 'jsonpath={.spec.ports[0].nodePort}']), '');
    await c.k(['create', 'service', 'nodeport', 'np7', '--tcp=80:80', '--node-port=30090']);
    assert.match(await refused(['patch', 'svc', 'np6', '-p', '{"spec":{"clusterIP":"10.43.200.200","clusterIPs":["10.43.200.200"]}}']), /field is immutable/);
  });

  it('a restart keeps every allocation and hands out no duplicates', async () => {
    const before = new Map<string, string>();
    for (const s of ['web', 'np4', 'lb2', 'lb3']) before.set(s, await clusterIP(s));
    await c.restart();
    for (const [s, ip] of before) assert.equal(await clusterIP(s), ip);
    assert.match(await refused(['create', 'service', 'nodeport', 'np5', '--tcp=80:80', '--node-port=30080']), /provided port is already allocated/);
    await c.k(['create', 'service', 'clusterip', 'fresh', '--tcp=80']);
    const fresh = await clusterIP('fresh');
    assert.ok(inServiceCidr(fresh) && ![...before.values()].includes(fresh), `new cluster IP ${fresh} is unique`);
    await c.k(['create', 'service', 'loadbalancer', 'lb4', '--tcp=83:83']);
    await until('lb4 to stay pending (range still full) with an event', async () =>
      (await c.k(['get', 'events', '--field-selector', 'involvedObject.name=lb4,reason=AllocationFailed', '-o', 'name'])).trim());
    assert.equal(await externalIP('lb4'), '<pending>');
    assert.deepEqual([await externalIP('lb2'), await externalIP('lb3')], ['192.0.2.11', '192.0.2.10']);
  });
});
