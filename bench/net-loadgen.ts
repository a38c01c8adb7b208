/**
 * HTTP load for `bench:net`, run inside a pod's network namespace (`nsenter --net`): `conns`
 * concurrent loops, each request on a new TCP connection (so every request goes through the
 * Service's DNAT, not just the first packet of a kept-alive one). Prints one JSON line.
 * Usage: node net-loadgen.js <host> <port> <seconds> <conns>
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

const [host = '127.0.0.1', port = '80', seconds = '5', conns = '8'] = process.argv.slice(2);
const end = performance.now() + Number(seconds) * 1000;
let ok = 0;
let failed = 0;
const once = () => new Promise<void>((resolve) => {
  const req = request({ host, port: Number(port), path: '/', agent: false, timeout: 3000 }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode === 200) ok++; else failed++; resolve(); });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => { failed++; resolve(); });
  req.end();
});
const loop = async () => { while (performance.now() < end) await once(); };
const started = performance.now();
await Promise.all(Array.from({ length: Number(conns) }, loop));
console.log(JSON.stringify({ ok, failed, seconds: (performance.now() - started) / 1000 }));
