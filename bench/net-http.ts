/**
 * Requests/s from a pod to a Service ClusterIP vs straight to the endpoint pod's IP, in the same run
 * (issue 5: goal ≥ 0.9). A real `kite server` with its agent, CNI and proxy; two pods; a small Node
 * HTTP server runs in the web pod's network namespace and the load in the client pod's (both found
 * through the pods' cgroups, entered with nsenter), so the numbers are the network path's, not
 * busybox httpd's fork per connection. Two modes: keep-alive connections (like wrk) and a new
 * connection per request (every request through the DNAT). Targets alternate so noise hits both.
 */
import { execFile, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startCluster } from '../test/e2e/helpers/cluster.js';
import { buildBusyboxImage } from '../test/e2e/helpers/oci-image.js';

const exec = promisify(execFile);
const IMAGE = 'docker.io/library/busybox:1.35';
const NODE = 'netbench';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const PORT = 9090;

const sleeper = (name: string, labels: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {${labels}}}
spec:
  terminationGracePeriodSeconds: 0
  containers: [{name: sh, image: ${IMAGE}, command: ["sleep", "3600"]}]
`;
const manifests = [sleeper('web', 'app: web'), sleeper('client', 'app: client'), `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: ${PORT}}]}
`].join('---\n');

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

export interface HttpModeResult { clusterIpPerS: number; podIpPerS: number; ratio: number; failed: number }

export async function benchServiceHttp(o: { seconds?: number; conns?: number; rounds?: number } = {}): Promise<{ keepalive: HttpModeResult; close: HttpModeResult }> {
  const seconds = o.seconds ?? 3;
  const rounds = o.rounds ?? 4;
  const c = await startCluster(['--node-name', NODE], { agent: true, prepare: (dir) => buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }).then(() => undefined) });
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']).catch(async () => {
      await new Promise((r) => setTimeout(r, 3000));
      await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']);
    });
    await c.k(['apply', '-f', '-'], { input: manifests });
    await c.k(['wait', '--for=condition=Ready', 'pod/web', 'pod/client', '--timeout=90s']);
    const get = async (what: string) => (await c.k(['get', ...what.split(' ')])).trim();
    const clusterIP = await get('svc web -o jsonpath={.spec.clusterIP}');
    const podIP = await get('pod web -o jsonpath={.status.podIP}');
    const webPid = await podPid(await get('pod web -o jsonpath={.metadata.uid}'));
    const clientPid = await podPid(await get('pod client -o jsonpath={.metadata.uid}'));
    const clientNet = `--net=/proc/${clientPid}/ns/net`;
    // Closing from the client leaves TIME_WAIT there; let it reuse ports, as a load tool's host would.
    await exec('nsenter', [clientNet, 'sysctl', '-qw', 'net.ipv4.tcp_tw_reuse=1', 'net.ipv4.ip_local_port_range=1024 65000']);
    server = spawn('nsenter', [`--net=/proc/${webPid}/ns/net`, process.execPath, path.join(HERE, 'net-server.js'), String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.once('data', () => resolve());
      server!.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });
    const load = async (host: string, port: number, mode: string) => {
      const { stdout } = await exec('nsenter', [clientNet, process.execPath, path.join(HERE, 'net-loadgen.js'), host, String(port), String(seconds), String(o.conns ?? 8), mode]);
      return JSON.parse(stdout) as { ok: number; failed: number; seconds: number };
    };
    const measure = async (mode: string): Promise<HttpModeResult> => {
      const sum = { svc: 0, svcS: 0, pod: 0, podS: 0, failed: 0 };
      const viaService = async () => { const a = await load(clusterIP, 80, mode); sum.svc += a.ok; sum.svcS += a.seconds; sum.failed += a.failed; };
      const direct = async () => { const b = await load(podIP, PORT, mode); sum.pod += b.ok; sum.podS += b.seconds; sum.failed += b.failed; };
      for (let i = 0; i < rounds; i++) {
        // Alternate which goes first, so warm-up and drift don't favour one side.
        if (i % 2) { await direct(); await viaService(); } else { await viaService(); await direct(); }
      }
      const clusterIpPerS = Math.round(sum.svc / sum.svcS);
      const podIpPerS = Math.round(sum.pod / sum.podS);
      return { clusterIpPerS, podIpPerS, ratio: Number((clusterIpPerS / podIpPerS).toFixed(3)), failed: sum.failed };
    };
    return { keepalive: await measure('keepalive'), close: await measure('close') };
  } finally {
    server?.kill('SIGTERM');
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=30s']).catch(() => undefined);
    await c.stop();
  }
}
