import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { request, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { ensurePki, issueClientCert, type Pki } from '../../../src/pki/index.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const DAY_MS = 86_400_000;

describe('ensurePki', () => {
  let dir: string;
  let pki: Pki;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kite-pki-'));
    pki = await ensurePki(dir, { hostnames: ['edge-1.example.com'], ips: ['10.0.0.5'] });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('creates a CA certificate with CA basic constraints and keyCertSign', () => {
    const ca = new X509Certificate(pki.caCert);
    assert.equal(ca.ca, true);
    assert.equal(ca.verify(ca.publicKey), true);
    assert.match(pki.caCert, /^-----BEGIN CERTIFICATE-----\n/);
    assert.match(pki.caKey, /^-----BEGIN PRIVATE KEY-----\n/);
    const years = (Date.parse(ca.validTo) - Date.now()) / (365 * DAY_MS);
    assert.ok(years > 9.9 && years < 10.1, `CA valid for ${years} years`);
  });

  it('marks the CA key usage as keyCertSign and its basic constraints as critical', async () => {
    // Loaded lazily: src/pki installs the metadata shim @peculiar/x509 needs before loading it.
    const x509 = await import('@peculiar/x509');
    const ca = new x509.X509Certificate(pki.caCert);
    const ku = ca.getExtension(x509.KeyUsagesExtension);
    const bc = ca.getExtension(x509.BasicConstraintsExtension);
    assert.ok(ku && (ku.usages & x509.KeyUsageFlags.keyCertSign) !== 0);
    assert.equal(bc?.ca, true);
    assert.equal(bc?.critical, true);
  });

  it('issues a server certificate signed by the CA covering the default and requested names', () => {
    const ca = new X509Certificate(pki.caCert);
    const srv = new X509Certificate(pki.serverCert);
    assert.equal(srv.verify(ca.publicKey), true);
    assert.equal(srv.ca, false);
    assert.deepEqual(srv.keyUsage, [SERVER_AUTH]);
    for (const h of ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'edge-1.example.com']) {
      assert.equal(srv.checkHost(h, { subject: 'never' }), h);
    }
    for (const ip of ['127.0.0.1', '::1', '10.0.0.5']) assert.equal(srv.checkIP(ip), ip);
    assert.equal(srv.checkHost('other.example.com', { subject: 'never' }), undefined);
  });

  it('issues an admin client certificate for kite-admin in system:masters', () => {
    const admin = new X509Certificate(pki.adminCert);
    assert.equal(admin.verify(new X509Certificate(pki.caCert).publicKey), true);
    assert.deepEqual(admin.keyUsage, [CLIENT_AUTH]);
    assert.equal(admin.subject, 'O=system:masters\nCN=kite-admin');
  });

  it('writes the keys with mode 0600 and leaves no temp files', async () => {
    for (const f of ['ca.key', 'server.key', 'admin.key']) assert.equal((await stat(join(dir, f))).mode & 0o777, 0o600, f);
    assert.deepEqual((await readdir(dir)).sort(), ['admin.crt', 'admin.key', 'ca.crt', 'ca.key', 'server.crt', 'server.key']);
  });

  it('returns the same certificates on a second call with the same names', async () => {
    const again = await ensurePki(dir, { hostnames: ['edge-1.example.com'], ips: ['10.0.0.5'] });
    assert.deepEqual(again, pki);
  });

  it('re-issues the server certificate under the same CA when a hostname is added', async () => {
    const again = await ensurePki(dir, { hostnames: ['edge-1.example.com', 'edge-2.example.com'], ips: ['10.0.0.5'] });
    assert.equal(again.caCert, pki.caCert);
    assert.equal(again.adminCert, pki.adminCert);
    assert.notEqual(again.serverCert, pki.serverCert);
    const srv = new X509Certificate(again.serverCert);
    assert.equal(srv.verify(new X509Certificate(pki.caCert).publicKey), true);
    assert.equal(srv.checkHost('edge-2.example.com', { subject: 'never' }), 'edge-2.example.com');
  });
});

describe('ensurePki repairs', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'kite-pki-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('re-issues leaf certificates that expire within 30 days and keeps the CA', async () => {
    const old = await ensurePki(dir, { hostnames: [], ips: [], now: new Date(Date.now() - 340 * DAY_MS) });
    const fresh = await ensurePki(dir, { hostnames: [], ips: [] });
    assert.equal(fresh.caCert, old.caCert);
    assert.notEqual(fresh.serverCert, old.serverCert);
    assert.notEqual(fresh.adminCert, old.adminCert);
    assert.ok(Date.parse(new X509Certificate(fresh.serverCert).validTo) > Date.now() + 300 * DAY_MS);
  });

  it('replaces a certificate whose key file does not match it and removes stale temp files', async () => {
    const before = await ensurePki(dir, { hostnames: [], ips: [] });
    await writeFile(join(dir, 'server.key'), before.adminKey, { mode: 0o600 });
    await writeFile(join(dir, 'server.crt.123.abcd.tmp'), 'half');
    const after = await ensurePki(dir, { hostnames: [], ips: [] });
    assert.notEqual(after.serverCert, before.serverCert);
    assert.equal(after.caCert, before.caCert);
    assert.equal((await readdir(dir)).includes('server.crt.123.abcd.tmp'), false);
  });

  it('rejects an IP option that is not an IP address', async () => {
    await assert.rejects(ensurePki(dir, { hostnames: [], ips: ['not-an-ip'] }), /"not-an-ip" is not an IP address/);
  });
});

describe('issueClientCert', () => {
  let dir: string;
  let pki: Pki;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kite-pki-'));
    pki = await ensurePki(dir, { hostnames: [], ips: [] });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('signs a client certificate with the given CN, organizations and lifetime', async () => {
    const { cert, key } = await issueClientCert(pki, { commonName: 'alice', organizations: ['dev', 'ops'], days: 7 });
    const c = new X509Certificate(cert);
    assert.equal(c.verify(new X509Certificate(pki.caCert).publicKey), true);
    assert.equal(c.subject, 'O=dev\nO=ops\nCN=alice');
    assert.deepEqual(c.keyUsage, [CLIENT_AUTH]);
    assert.match(key, /^-----BEGIN PRIVATE KEY-----\n/);
    const days = (Date.parse(c.validTo) - Date.now()) / DAY_MS;
    assert.ok(days > 6.9 && days < 7.1, `valid for ${days} days`);
  });

  it('is accepted by a mutual-TLS https server that reports CN and O of the client', async () => {
    const seen: Array<{ authorized: boolean; subject: unknown }> = [];
    const server = createServer({ key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const s = req.socket as TLSSocket;
      const peer = s.getPeerCertificate();
      seen.push({ authorized: s.authorized, subject: { CN: peer.subject.CN, O: peer.subject.O } });
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const client = await issueClientCert(pki, { commonName: 'alice', organizations: ['dev', 'system:masters'] });
      for (const creds of [{ cert: pki.adminCert, key: pki.adminKey }, client]) {
        const body = await new Promise<string>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: '/', ca: pki.caCert, ...creds, agent: false }, (res) => {
            let b = '';
            res.on('data', (c: Buffer) => (b += c.toString()));
            res.on('end', () => resolve(b));
          });
          req.on('error', reject);
          req.end();
        });
        assert.equal(body, 'ok');
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
    assert.deepEqual(seen, [
      { authorized: true, subject: { CN: 'kite-admin', O: 'system:masters' } },
      { authorized: true, subject: { CN: 'alice', O: ['dev', 'system:masters'] } },
    ]);
  });
});
