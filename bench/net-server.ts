/**
 * The HTTP server of `bench:net`, run inside a pod's network namespace (`nsenter --net`): a tiny
 * keep-alive capable responder, so the bench measures the network path and not busybox httpd's
 * fork per connection. Usage: node net-server.js <port>
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 9090);
const server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok\n'); });
server.keepAliveTimeout = 30_000;
server.listen(port, '0.0.0.0', () => console.log('listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
