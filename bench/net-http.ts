/**
 * Requests/s from a pod to a Service ClusterIP vs straight to the endpoint pod's IP, in the same run
 * (issue 5: goal ≥ 0.9). A real `kite server` with its agent, CNI and proxy; one busybox httpd pod
 * behind a ClusterIP Service; the load runs in a client pod's network namespace (found through the
 * pod's cgroup), alternating the two targets so machine noise hits both alike.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startCluster } from '../test/e2e/helpers/cluster.js';
import { buildBusyboxImage } from '../test/e2e/helpers/oci-image.js';

const exec = promisify(execFile);
const IMAGE = 'docker.io/library/busybox:1.35';
const NODE = 'netbench';
const LOADGEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'net-loadgen.js');

const manifests = `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: httpd
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"]
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 0
  containers: [{name: sh, image: ${IMAGE}, command: ["sleep", "3600"]}]
`;

/** A process of the pod (any container's), from the node's memory cgroup tree. */
async function podPid(uid: string): Promise<number> {
  const walk = async (dir: string): Promise<number | undefined> => {
    const procs = (await readFile(path.join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
    if (procs.length && dir.includes(`pod${uid}`)) return Number(procs[0]);
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) { const p = await walk(path.join(dir, e.name)); if (p) return p; }
    }
    return undefined;
  };
  const pid = await walk(`/sys/fs/cgroup/memory/kite-${NODE}`) ?? await walk(`/sys/fs/cgroup/kite-${NODE}`);
  if (!pid) throw new Error(`no process found for pod ${uid}`);
  return pid;
}

export async function benchServiceHttp(o: { seconds?: number; conns?: number; rounds?: number } = {}): Promise<{ clusterIpPerS: number; podIpPerS: number; ratio: number; failed: number }> {
  const seconds = o.seconds ?? 4;
  const rounds = o.rounds ?? 4;
  const c = await startCluster(['--node-name', NODE], { agent: true, prepare: (dir) => buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }).then(() => undefined) });
  try {
    await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']).catch(async () => {
      await new Promise((r) => setTimeout(r, 3000));
      await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']);
    });
    await c.k(['apply', '-f', '-'], { input: manifests });
    await c.k(['wait', '--for=condition=Ready', 'pod/web', 'pod/client', '--timeout=90s']);
    const clusterIP = (await c.k(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).trim();
    const podIP = (await c.k(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}'])).trim();
    const uid = (await c.k(['get', 'pod', 'client', '-o', 'jsonpath={.metadata.uid}'])).trim();
    const pid = await podPid(uid);
    const load = async (host: string, port: number) => {
      const { stdout } = await exec('nsenter', [`--net=/proc/${pid}/ns/net`, process.execPath, LOADGEN, host, String(port), String(seconds), String(o.conns ?? 8)]);
      return JSON.parse(stdout) as { ok: number; failed: number; seconds: number };
    };
    let svc = 0, pod = 0, svcS = 0, podS = 0, failed = 0;
    const viaService = async () => { const a = await load(clusterIP, 80); svc += a.ok; svcS += a.seconds; failed += a.failed; return a.ok / a.seconds; };
    const direct = async () => { const b = await load(podIP, 8080); pod += b.ok; podS += b.seconds; failed += b.failed; return b.ok / b.seconds; };
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so warm-up and drift don't favour one side.
      const [first, second] = i % 2 ? [direct, viaService] : [viaService, direct];
      const x = await first(); const y = await second();
      if (process.env.KITE_BENCH_VERBOSE) console.log(`round ${i}: ${i % 2 ? 'pod' : 'svc'} ${x.toFixed(0)}/s, ${i % 2 ? 'svc' : 'pod'} ${y.toFixed(0)}/s`);
    }
    const clusterIpPerS = Math.round(svc / svcS);
    const podIpPerS = Math.round(pod / podS);
    return { clusterIpPerS, podIpPerS, ratio: Number((clusterIpPerS / podIpPerS).toFixed(3)), failed };
  } finally {
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=30s']).catch(() => undefined);
    await c.stop();
  }
}
