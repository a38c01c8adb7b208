import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeImageRef } from '../../../../src/agent/cri/index.js';

describe('normalizeImageRef', () => {
  it('names images the way containerd CRI lists them in repoTags', () => {
    const cases: Array<[string, string]> = [
      ['busybox', 'docker.io/library/busybox:latest'],
      ['busybox:1.35', 'docker.io/library/busybox:1.35'],
      ['me/app:v1', 'docker.io/me/app:v1'],
      ['localhost/pause:bb', 'localhost/pause:bb'],
      ['127.0.0.1:5000/web', '127.0.0.1:5000/web:latest'],
      ['registry.k8s.io/pause:3.6', 'registry.k8s.io/pause:3.6'],
      ['busybox@sha256:abc', 'docker.io/library/busybox@sha256:abc'],
      ['sha256:0123', 'sha256:0123'],
    ];
    for (const [ref, want] of cases) assert.equal(normalizeImageRef(ref), want, ref);
  });
});
