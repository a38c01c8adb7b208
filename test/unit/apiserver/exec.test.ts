/** The API server's exec helpers: subprotocol choice and the kubelet path it dials. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonProtocols, kubeletExecPath } from '../../../src/apiserver/handlers/exec.js';

describe('exec subprotocols', () => {
  it('keeps v5 and v4 in our order, drops the rest', () => {
    assert.deepEqual(commonProtocols('v5.channel.k8s.io'), ['v5.channel.k8s.io']);
    assert.deepEqual(commonProtocols('v4.channel.k8s.io, v3.channel.k8s.io, v5.channel.k8s.io'), ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    assert.deepEqual(commonProtocols('channel.k8s.io'), []);
    assert.deepEqual(commonProtocols(undefined), []);
  });
});

describe('kubeletExecPath', () => {
  it('passes commands and stream flags, nothing else', () => {
    const query = new URLSearchParams('command=echo&command=a b&container=x&stdin=true&stdout=true&tty=false&pretty=1');
    assert.equal(kubeletExecPath({ kind: 'exec', namespace: 'ns', name: 'p', query }, 'c 1'),
      '/exec/ns/p/c%201?command=echo&command=a+b&stdin=true&stdout=true&tty=false');
    assert.equal(kubeletExecPath({ kind: 'attach', namespace: 'ns', name: 'p', query }, 'c'), '/attach/ns/p/c?stdin=true&stdout=true&tty=false');
  });
});
