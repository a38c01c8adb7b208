/** The kubelet API's exec URL parsing and container resolution, against a fake CRI list. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container } from '../../../../src/agent/cri/types.js';
import { parseExecUrl, resolveContainerId } from '../../../../src/agent/kubelet-api/exec.js';
import { KubeletApiError } from '../../../../src/agent/kubelet-api/lookup.js';

const u = (s: string) => new URL(`https://kubelet${s}`);

describe('parseExecUrl', () => {
  it('reads the target, repeated commands and stream flags; tty drops stderr', () => {
    const t = parseExecUrl(u('/exec/default/p%201/main?command=sh&command=-c&command=echo%20hi&stdin=true&stdout=1&stderr=true&tty=true'));
    assert.deepEqual(t, { kind: 'exec', namespace: 'default', pod: 'p 1', container: 'main', cmd: ['sh', '-c', 'echo hi'], stdin: true, stdout: true, stderr: false, tty: true });
  });
  it('refuses an exec without a command, a session without streams, and unknown paths', () => {
    const code = (s: string) => { try { parseExecUrl(u(s)); return 0; } catch (e) { return (e as KubeletApiError).code; } };
    assert.equal(code('/exec/ns/p/c?stdout=1'), 400);
    assert.equal(code('/exec/ns/p/c?command=ls'), 400);
    assert.equal(code('/exec/ns/p?command=ls&stdout=1'), 404);
    assert.equal(code('/attach/ns/p/c?stdout=1'), 0);
  });
});

describe('resolveContainerId', () => {
  const c = (id: string, state: Container['state'], createdAt: number) => ({ id, state, createdAt } as Container);
  const target = parseExecUrl(u('/exec/ns/p/main?command=ls&stdout=1'));
  it('asks by the pod loop\'s labels and picks the newest running container', async () => {
    let asked: unknown;
    const id = await resolveContainerId({ listContainers: async (f) => { asked = f; return [c('old', 'CONTAINER_EXITED', 1), c('a', 'CONTAINER_RUNNING', 2), c('b', 'CONTAINER_RUNNING', 3)]; } }, target);
    assert.equal(id, 'b');
    assert.deepEqual(asked, { labelSelector: { 'io.kubernetes.pod.namespace': 'ns', 'io.kubernetes.pod.name': 'p', 'io.kubernetes.container.name': 'main' } });
  });
  it('400 when only exited containers exist, 404 when none', async () => {
    await assert.rejects(resolveContainerId({ listContainers: async () => [c('x', 'CONTAINER_EXITED', 1)] }, target), (e: KubeletApiError) => e.code === 400);
    await assert.rejects(resolveContainerId({ listContainers: async () => [] }, target), (e: KubeletApiError) => e.code === 404);
  });
});
