/**
 * The CRI contract (STYLE rule 3): one suite run against the fake (unit) and against a real
 * containerd (e2e), so the fake cannot drift from what the agent meets on a node. Expectations
 * were taken from containerd 1.6.20 itself; where the runtime only promises a class of outcome
 * (e.g. an error without a stable code) the suite asserts only that.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CriError } from '../../../../src/agent/cri/index.js';
import type { ContainerConfig, ImageService, PodSandboxConfig, RuntimeService } from '../../../../src/agent/cri/index.js';

export interface CriContractHarness {
  cri: RuntimeService & ImageService;
  /** A busybox image present in the runtime, by its short name (e.g. `busybox:1.35`). */
  image: string;
  /** Its fully qualified name (e.g. `docker.io/library/busybox:1.35`). */
  imageFullName: string;
  /** A host-network sandbox config; `name` is unique per call. */
  sandboxConfig(name: string): PodSandboxConfig;
  /** Lets the e2e clean up shims of sandboxes the suite made. */
  onSandbox?(id: string): void;
  close(): Promise<void>;
}

/** Refs on a closed loopback port: a pull fails at once with no traffic leaving the host. */
export const UNPULLABLE = '127.0.0.1:1/nope:1';
/** Fake harnesses answer this ExecSync command as the shell would. */
export const EXEC_PROBE = ['sh', '-c', 'echo out; echo err >&2; exit 3'];

async function waitFor<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 50))) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
  }
}

const rejectsWith = (p: Promise<unknown>, code?: string) =>
  assert.rejects(p, (e: unknown) => e instanceof CriError && (code === undefined || e.code === code));

export function describeCriContract(name: string, open: () => Promise<CriContractHarness>): void {
  describe(`${name} meets the CRI contract`, () => {
    let h: CriContractHarness;
    let n = 0;
    const sandboxes: string[] = [];
    before(async () => { h = await open(); });
    after(async () => {
      for (const id of sandboxes) await h.cri.removePodSandbox(id).catch(() => undefined);
      await h.close();
    });
    const pod = async (labels?: Record<string, string>) => {
      const cfg = h.sandboxConfig(`pod-${++n}`);
      if (labels) cfg.labels = labels;
      const id = await h.cri.runPodSandbox(cfg);
      sandboxes.push(id);
      h.onSandbox?.(id);
      return { id, cfg };
    };
    const ctr = (cname: string, command: string[], extra: Partial<ContainerConfig> = {}): ContainerConfig =>
      ({ metadata: { name: cname }, image: { image: h.image }, command, logPath: `${cname}/0.log`, ...extra });
    const running = async (cname: string, command = ['sh', '-c', 'echo hi; sleep 3600'], extra?: Partial<ContainerConfig>) => {
      const p = await pod();
      const id = await h.cri.createContainer(p.id, ctr(cname, command, extra), p.cfg);
      await h.cri.startContainer(id);
      return { pod: p, id };
    };

    it('version names the runtime and speaks API v1; status reports RuntimeReady', async () => {
      const v = await h.cri.version();
      assert.equal(v.runtimeApiVersion, 'v1');
      assert.ok(v.runtimeName && v.runtimeVersion);
      const s = await h.cri.status();
      assert.equal(s.conditions.find((c) => c.type === 'RuntimeReady')?.status, true);
    });

    it('a sandbox is READY after run, NOTREADY after stop (twice), gone after remove (twice); labels round-trip', async () => {
      const { id, cfg } = await pod({ app: 'web' });
      const st = await h.cri.podSandboxStatus(id);
      assert.equal(st?.state, 'SANDBOX_READY');
      assert.deepEqual(st?.metadata, { ...cfg.metadata, attempt: 0 });
      assert.deepEqual(st?.labels, { app: 'web' });
      assert.deepEqual(st?.annotations, cfg.annotations ?? {});
      assert.ok((st?.createdAt ?? 0) > 1e18, 'createdAt is in nanoseconds');
      assert.equal(st?.network?.ip, '', 'host-network sandboxes have no pod IP');
      assert.deepEqual((await h.cri.listPodSandbox({ labelSelector: { app: 'web' } })).map((s) => s.id), [id]);
      await h.cri.stopPodSandbox(id);
      await h.cri.stopPodSandbox(id);
      assert.equal((await h.cri.podSandboxStatus(id))?.state, 'SANDBOX_NOTREADY');
      assert.deepEqual((await h.cri.listPodSandbox({ id, state: 'SANDBOX_NOTREADY' })).map((s) => s.id), [id]);
      await h.cri.removePodSandbox(id);
      await h.cri.removePodSandbox(id);
      assert.equal(await h.cri.podSandboxStatus(id), undefined);
      assert.deepEqual(await h.cri.listPodSandbox({ id }), []);
    });

    it('running the same sandbox metadata twice fails: the name is reserved', async () => {
      const { cfg } = await pod();
      await rejectsWith(h.cri.runPodSandbox(cfg));
    });

    it('a container goes CREATED → RUNNING → EXITED 137 on stop(0) → gone on remove', async () => {
      const p = await pod();
      const id = await h.cri.createContainer(p.id, ctr('main', ['sh', '-c', 'sleep 3600'], { labels: { c: 'main' } }), p.cfg);
      const created = await h.cri.containerStatus(id);
      assert.equal(created?.state, 'CONTAINER_CREATED');
      assert.equal(created?.image, h.imageFullName);
      assert.match(created?.imageRef ?? '', /^sha256:[0-9a-f]{64}$/);
      assert.equal(created?.logPath, `${p.cfg.logDirectory.replace(/\/$/, '')}/main/0.log`);
      await h.cri.startContainer(id);
      await rejectsWith(h.cri.startContainer(id));
      const run = await h.cri.containerStatus(id);
      assert.equal(run?.state, 'CONTAINER_RUNNING');
      assert.ok((run?.startedAt ?? 0) >= (run?.createdAt ?? Infinity));
      await h.cri.stopContainer(id, 0);
      const done = await h.cri.containerStatus(id);
      assert.deepEqual([done?.state, done?.exitCode, done?.reason], ['CONTAINER_EXITED', 137, 'Error']);
      assert.ok((done?.finishedAt ?? 0) > 0);
      await h.cri.stopContainer(id, 0); // idempotent on an exited container
      await rejectsWith(h.cri.execSync(id, ['true'], 5));
      await h.cri.removeContainer(id);
      await h.cri.removeContainer(id);
      assert.equal(await h.cri.containerStatus(id), undefined);
    });

    it('listContainers filters by sandbox, state and labels, and shows the image as requested', async () => {
      const a = await running('a', undefined, { labels: { tier: 'a' } });
      const b = await running('b', undefined, { labels: { tier: 'b' } });
      const inA = await h.cri.listContainers({ podSandboxId: a.pod.id });
      assert.deepEqual(inA.map((c) => [c.id, c.podSandboxId, c.metadata.name, c.state, c.image]), [[a.id, a.pod.id, 'a', 'CONTAINER_RUNNING', h.image]]);
      assert.deepEqual((await h.cri.listContainers({ labelSelector: { tier: 'b' } })).map((c) => c.id), [b.id]);
      await h.cri.stopContainer(b.id, 0);
      assert.deepEqual((await h.cri.listContainers({ podSandboxId: b.pod.id, state: 'CONTAINER_RUNNING' })), []);
      assert.deepEqual((await h.cri.listContainers({ id: b.id, state: 'CONTAINER_EXITED' })).map((c) => c.id), [b.id]);
    });

    it('execSync returns stdout, stderr and the exit code; exec, attach and portForward return URLs', async () => {
      const c = await running('exec');
      const r = await h.cri.execSync(c.id, EXEC_PROBE, 10);
      assert.ok(Buffer.isBuffer(r.stdout) && Buffer.isBuffer(r.stderr));
      assert.deepEqual([r.stdout.toString(), r.stderr.toString(), r.exitCode], ['out\n', 'err\n', 3]);
      assert.match(await h.cri.exec({ containerId: c.id, cmd: ['sh'], stdin: true, stdout: true }), /^https?:\/\/.+\/exec\//);
      assert.match(await h.cri.attach({ containerId: c.id, stdout: true }), /^https?:\/\/.+\/attach\//);
      assert.match(await h.cri.portForward(c.pod.id, [80]), /^https?:\/\/.+\/portforward\//);
    });

    it('a container that exits by itself reports its code and reason (3 → Error, 0 → Completed)', async () => {
      const p = await pod();
      const ids: string[] = [];
      for (const [cname, code] of [['fail', 3], ['ok', 0]] as const) {
        ids.push(await h.cri.createContainer(p.id, ctr(cname, ['sh', '-c', `exit ${code}`]), p.cfg));
        await h.cri.startContainer(ids.at(-1) as string);
      }
      const [fail, ok] = await Promise.all(ids.map((id) =>
        waitFor('exit', () => h.cri.containerStatus(id), (s) => s?.state === 'CONTAINER_EXITED')));
      assert.deepEqual([fail?.exitCode, fail?.reason], [3, 'Error']);
      assert.deepEqual([ok?.exitCode, ok?.reason], [0, 'Completed']);
    });

    it('unknown ids: status calls answer undefined, stop/start fail NOT_FOUND, removes succeed', async () => {
      const ghost = 'f'.repeat(64);
      assert.equal(await h.cri.containerStatus(ghost), undefined);
      assert.equal(await h.cri.podSandboxStatus(ghost), undefined);
      await rejectsWith(h.cri.stopContainer(ghost, 0), 'NOT_FOUND');
      await rejectsWith(h.cri.startContainer(ghost), 'NOT_FOUND');
      await rejectsWith(h.cri.stopPodSandbox(ghost), 'NOT_FOUND');
      await h.cri.removeContainer(ghost);
      await h.cri.removePodSandbox(ghost);
    });

    it('createContainer fails NOT_FOUND for an unknown sandbox, a stopped sandbox or a missing image', async () => {
      const p = await pod();
      await rejectsWith(h.cri.createContainer('f'.repeat(64), ctr('x', ['true']), p.cfg), 'NOT_FOUND');
      await rejectsWith(h.cri.createContainer(p.id, { ...ctr('y', ['true']), image: { image: 'kite.invalid/none:1' } }, p.cfg), 'NOT_FOUND');
      await h.cri.stopPodSandbox(p.id);
      await rejectsWith(h.cri.createContainer(p.id, ctr('z', ['true']), p.cfg), 'NOT_FOUND');
    });

    it('stopPodSandbox ends its running containers; removePodSandbox of a ready sandbox removes it and its containers', async () => {
      const a = await running('a');
      await h.cri.stopPodSandbox(a.pod.id);
      assert.equal((await h.cri.containerStatus(a.id))?.state, 'CONTAINER_EXITED');
      const b = await running('b');
      await h.cri.removePodSandbox(b.pod.id);
      assert.equal(await h.cri.containerStatus(b.id), undefined);
      assert.equal(await h.cri.podSandboxStatus(b.pod.id), undefined);
    });

    it('images: listed, resolved by short name, missing → undefined, unpullable → CriError, removing a missing one is fine', async () => {
      const img = await h.cri.imageStatus(h.image);
      assert.ok(img && img.repoTags.includes(h.imageFullName) && img.size > 0);
      assert.match(img.id, /^sha256:[0-9a-f]{64}$/);
      assert.ok((await h.cri.listImages()).some((i) => i.id === img.id));
      assert.equal(await h.cri.imageStatus('kite.invalid/none:1'), undefined);
      await rejectsWith(h.cri.pullImage(UNPULLABLE));
      await h.cri.removeImage('kite.invalid/none:1');
      const fs = await h.cri.imageFsInfo();
      assert.ok(fs.length >= 1 && fs[0]?.mountpoint);
    });

    it('listContainerStats reports CPU and memory for a running container, with its sandbox id', async () => {
      const c = await running('stats', ['sh', '-c', 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 3600']);
      const s = await waitFor('stats', async () => (await h.cri.listContainerStats({ podSandboxId: c.pod.id })).find((x) => x.id === c.id),
        (x) => (x?.cpuUsageCoreNanoSeconds ?? 0) > 0 && (x?.memoryWorkingSetBytes ?? 0) > 0);
      assert.equal(s?.name, 'stats');
      assert.equal(s?.podSandboxId, c.pod.id);
      assert.ok((s?.timestamp ?? 0) > 1e18);
    });
  });
}
