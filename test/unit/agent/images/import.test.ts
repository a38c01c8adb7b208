import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { ensurePauseImage, importImageDir, importImages, IMPORTED_RECORD } from '../../../../src/agent/images/import.js';

const log = pino({ level: 'silent' });

/** A fake containerd: remembers imported image names; a file named bad*.tar fails to import. */
function fakeRuntime(initial: string[] = []) {
  const images = new Set(initial);
  const calls: string[] = [];
  return {
    calls, images,
    deps: {
      importFile: async (_s: string, file: string) => {
        calls.push(path.basename(file));
        if (path.basename(file).startsWith('bad')) throw new Error('ctr images import: unrecognized image format');
        const name = `localhost/${path.basename(file, '.tar')}:1`;
        images.add(name);
        return [name];
      },
      listImages: async () => [...images],
    },
  };
}

describe('importImageDir', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(path.join(tmpdir(), 'kite-images-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('imports every *.tar once, then skips files whose size and mtime are unchanged', async () => {
    await writeFile(path.join(dir, 'b.tar'), 'bbb');
    await writeFile(path.join(dir, 'a.tar'), 'aa');
    await writeFile(path.join(dir, 'notes.txt'), 'x');
    await writeFile(path.join(dir, '.a.tar.1234.tmp'), 'partial copy');
    const rt = fakeRuntime();
    const r1 = await importImageDir('/sock', dir, log, rt.deps);
    assert.deepEqual(r1.imported, [{ file: 'a.tar', images: ['localhost/a:1'] }, { file: 'b.tar', images: ['localhost/b:1'] }]);
    assert.deepEqual(rt.calls, ['a.tar', 'b.tar']);
    const record = JSON.parse(await readFile(path.join(dir, IMPORTED_RECORD), 'utf8'));
    assert.deepEqual(Object.keys(record.files), ['a.tar', 'b.tar']);
    assert.equal(record.files['a.tar'].size, 2);

    const r2 = await importImageDir('/sock', dir, log, rt.deps);
    assert.deepEqual(r2, { imported: [], skipped: ['a.tar', 'b.tar'], failed: [] });
    assert.deepEqual(rt.calls, ['a.tar', 'b.tar']);
  });

  it('re-imports a file whose mtime or size changed, and one whose images vanished from containerd', async () => {
    const rt = fakeRuntime(['localhost/a:1', 'localhost/b:1']);
    await utimes(path.join(dir, 'a.tar'), new Date(), new Date(Date.now() + 5000));
    const r = await importImageDir('/sock', dir, log, rt.deps);
    assert.deepEqual(r.imported.map((i) => i.file), ['a.tar']);
    assert.deepEqual(r.skipped, ['b.tar']);

    rt.images.delete('localhost/b:1'); // e.g. containerd's root was wiped
    const r2 = await importImageDir('/sock', dir, log, rt.deps);
    assert.deepEqual(r2.imported.map((i) => i.file), ['b.tar']);
    assert.deepEqual(r2.skipped, ['a.tar']);
  });

  it('a broken archive is reported and not recorded; the others still import; removed files leave the record', async () => {
    await writeFile(path.join(dir, 'bad.tar'), 'not a tar');
    await rm(path.join(dir, 'b.tar'));
    await writeFile(path.join(dir, 'c.tar'), 'c');
    const rt = fakeRuntime(['localhost/a:1']);
    const r = await importImageDir('/sock', dir, log, rt.deps);
    assert.deepEqual(r.failed, [{ file: 'bad.tar', error: 'ctr images import: unrecognized image format' }]);
    assert.deepEqual(r.imported.map((i) => i.file), ['c.tar']);
    assert.deepEqual(r.skipped, ['a.tar']);
    const record = JSON.parse(await readFile(path.join(dir, IMPORTED_RECORD), 'utf8'));
    assert.deepEqual(Object.keys(record.files), ['a.tar', 'c.tar']);
    const again = await importImageDir('/sock', dir, log, rt.deps);
    assert.deepEqual(again.failed.map((f) => f.file), ['bad.tar'], 'retried at the next start');
  });

  it('a corrupt record means importing everything again', async () => {
    await rm(path.join(dir, 'bad.tar'));
    await writeFile(path.join(dir, IMPORTED_RECORD), '{not json');
    const rt = fakeRuntime(['localhost/a:1', 'localhost/c:1']);
    const r = await importImageDir('/sock', dir, log, rt.deps);
    assert.deepEqual(r.imported.map((i) => i.file), ['a.tar', 'c.tar']);
  });

  it('a missing or empty images dir imports nothing and asks containerd nothing', async () => {
    const rt = fakeRuntime();
    let listed = 0;
    const deps = { ...rt.deps, listImages: async () => { listed++; return []; } };
    assert.deepEqual(await importImageDir('/sock', path.join(dir, 'nope'), log, deps), { imported: [], skipped: [], failed: [] });
    assert.equal(listed, 0);
  });
});

describe('importImages and ensurePauseImage', () => {
  it('importImages returns the names of all images, without duplicates', async () => {
    const rt = fakeRuntime();
    assert.deepEqual(await importImages('/sock', ['/x/a.tar', '/y/b.tar', '/z/a.tar'], log, rt.deps), ['localhost/a:1', 'localhost/b:1']);
  });

  it('the pause image is built and imported only when missing, and the temp archive is removed', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'kite-pause-'));
    try {
      const imported: string[] = [];
      const images = new Set<string>();
      const deps = {
        listImages: async () => [...images],
        importFile: async (_s: string, file: string) => {
          const data = await readFile(file);
          imported.push(file);
          assert.ok(data.includes('registry.k8s.io/pause:3.6'), 'archive names the pause image');
          images.add('registry.k8s.io/pause:3.6');
          return ['registry.k8s.io/pause:3.6'];
        },
      };
      assert.equal(await ensurePauseImage('/sock', work, log, deps), true);
      assert.equal(await ensurePauseImage('/sock', work, log, deps), false);
      assert.equal(imported.length, 1);
      await assert.rejects(readFile(imported[0]!), /ENOENT/);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
