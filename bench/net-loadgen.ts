/**
 * HTTP load for `bench:net`, run inside a pod's network namespace (`nsenter --net`): `conns`
 * concurrent loops for `seconds`. `keepalive` reuses each loop's connection (like wrk: the Service's
 * DNAT touches only a connection's first packet, the rest is the forwarding path); `close` opens a new
 * TCP connection per request and closes it from this side (every request goes through the DNAT; the
 * TIME_WAIT sockets stay here, where tcp_tw_reuse lets ports come back). Prints one JSON line.
 * Usage: node net-loadgen.js <host> <port> <seconds> <conns> <keepalive|close>
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

const [host = '127.0.0.1', port = '80', seconds = '5', conns = '8', mode = 'keepalive'] = process.argv.slice(2);
const agent = mode === 'keepalive' ? new Agent({ keepAlive: true, maxSockets: Number(conns) }) : undefined;
const end = performance.now() + Number(seconds) * 1000;
let ok = 0;
let failed = 0;
const once = () => new Promise<void>((resolve) => {
  const req = request({ host, port: Number(port), path: '/', agent: agent ?? false, timeout: 3000 }, (res) => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode === 200) ok++; else failed++;
      if (!agent) res.socket?.destroy();
      resolve();
    });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => { failed++; resolve(); });
  req.end();
});
const loop = async () => { while (performance.now() < end) await once(); };
const started = performance.now();
await Promise.all(Array.from({ length: Number(conns) }, loop));
agent?.destroy();
console.log(JSON.stringify({ ok, failed, seconds: (performance.now() - started) / 1000 }));
