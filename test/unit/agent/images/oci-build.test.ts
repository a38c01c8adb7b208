import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildBusyboxOci, PAUSE_IMAGE, PAUSE_SPEC } from '../../../../src/agent/images/oci-build.js';
import { writeTar } from '../../../../src/agent/images/tar.js';
import { readTar } from './tar-read.js';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('busybox OCI image builder', () => {
  it('building the same image twice gives the same bytes', async () => {
    const a = await buildBusyboxOci({ ref: 'docker.io/library/busybox:1.35' });
    const b = await buildBusyboxOci({ ref: 'docker.io/library/busybox:1.35' });
    assert.ok(a.equals(b));
    const c = await buildBusyboxOci({ ref: 'docker.io/library/busybox:1.35', cmd: ['/bin/echo', 'hi'] });
    assert.ok(!a.equals(c), 'a different Cmd changes the archive');
  });

  it('index, manifest, config and layer digests match the blobs (recomputed with sha256)', async () => {
    const entries = readTar(await buildBusyboxOci(PAUSE_SPEC));
    assert.deepEqual(entries.slice(0, 4).map((e) => e.name), ['oci-layout', 'index.json', 'blobs/', 'blobs/sha256/']);
    const blobs = new Map(entries.filter((e) => e.type === '0' && e.name.startsWith('blobs/')).map((e) => [`sha256:${e.name.slice(13)}`, e.data]));
    for (const [digest, data] of blobs) assert.equal(sha(data), digest, 'blob name is its digest');
    assert.equal(entries.find((e) => e.name === 'oci-layout')!.data.toString(), '{"imageLayoutVersion":"1.0.0"}');

    const index = JSON.parse(entries.find((e) => e.name === 'index.json')!.data.toString());
    assert.equal(index.manifests.length, 1);
    const m = index.manifests[0];
    assert.deepEqual(m.annotations, { 'io.containerd.image.name': PAUSE_IMAGE, 'org.opencontainers.image.ref.name': '3.6' });
    const manifestBlob = blobs.get(m.digest)!;
    assert.equal(manifestBlob.length, m.size);
    const manifest = JSON.parse(manifestBlob.toString());
    assert.equal(manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    const configBlob = blobs.get(manifest.config.digest)!;
    assert.equal(configBlob.length, manifest.config.size);
    const layerBlob = blobs.get(manifest.layers[0].digest)!;
    assert.equal(layerBlob.length, manifest.layers[0].size);
    assert.equal(blobs.size, 3);

    const config = JSON.parse(configBlob.toString());
    assert.deepEqual(config.config, { Env: ['PATH=/bin'], Entrypoint: ['/bin/sleep'], Cmd: ['infinity'] });
    assert.equal(config.os, 'linux');
    assert.deepEqual(config.rootfs.diff_ids, [sha(gunzipSync(layerBlob))], 'diff_id is the digest of the uncompressed layer');
    assert.equal(layerBlob.readUInt32LE(4), 0, 'gzip header carries no mtime');
    assert.equal(layerBlob[3]! & 0x08, 0, 'gzip header carries no file name');
  });

  it('the layer holds busybox, one symlink per applet, passwd/group and /tmp 1777, sorted, mtime 0, owned by 0:0', async () => {
    const entries = readTar(await buildBusyboxOci({ ref: 'localhost/bb:1' }));
    const manifest = entries.filter((e) => e.type === '0' && e.name.startsWith('blobs/')).map((e) => e.data)
      .map((d) => { try { return JSON.parse(d.toString()); } catch { return undefined; } })
      .find((j) => j?.layers);
    const layerEntry = entries.find((e) => e.name === `blobs/sha256/${manifest.layers[0].digest.slice(7)}`)!;
    const layer = readTar(gunzipSync(layerEntry.data));
    const names = layer.map((e) => e.name);
    assert.deepEqual(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    assert.ok(layer.every((e) => e.mtime === 0 && e.uid === 0 && e.gid === 0));
    const byName = new Map(layer.map((e) => [e.name, e]));
    assert.equal(byName.get('bin/busybox')!.mode, 0o755);
    assert.ok(byName.get('bin/busybox')!.data.length > 100_000);
    assert.deepEqual([byName.get('bin/sh')!.type, byName.get('bin/sh')!.linkname], ['2', 'busybox']);
    assert.ok(byName.has('bin/sleep') && byName.has('bin/wget'));
    assert.equal(byName.get('tmp/')!.mode, 0o1777);
    assert.equal(byName.get('etc/passwd')!.data.toString(), 'root:x:0:0:root:/root:/bin/sh\n');
    assert.equal(byName.get('etc/group')!.data.toString(), 'root:x:0:\n');
    const config = JSON.parse(entries.find((e) => e.name.startsWith('blobs/') && e.data.toString().includes('"rootfs"'))!.data.toString());
    assert.deepEqual(config.config, { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] }, 'no entrypoint: Cmd defaults to /bin/sh');
  });

  it('a registry port is not mistaken for a tag', async () => {
    const index = JSON.parse(readTar(await buildBusyboxOci({ ref: '127.0.0.1:5000/web' }))[1]!.data.toString());
    assert.equal(index.manifests[0].annotations['org.opencontainers.image.ref.name'], 'latest');
  });

  it('a missing busybox fails with the package to install', async () => {
    await assert.rejects(buildBusyboxOci({ ref: 'x/y:1', busybox: '/nonexistent/busybox' }),
      /\/nonexistent\/busybox not found: .*install it with: apt-get install -y busybox-static/);
  });

  it('a dynamically linked busybox is refused (it cannot run in an image without a libc)', async () => {
    await assert.rejects(buildBusyboxOci({ ref: 'x/y:1', busybox: '/bin/ls' }), /dynamically linked.*busybox-static/);
  });
});

describe('tar writer', () => {
  it('splits long paths into prefix and name, and rejects what ustar cannot hold', () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(90)}`;
    const [e] = readTar(writeTar([{ type: 'file', name: long, data: Buffer.from('x') }]));
    assert.equal(e!.name, long);
    assert.equal(e!.data.toString(), 'x');
    assert.throws(() => writeTar([{ type: 'file', name: 'f'.repeat(101), data: Buffer.alloc(0) }]), /too long/);
  });
});
