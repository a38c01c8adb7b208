import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addReasons, fitErrorMessage } from '../../../src/scheduler/fit-error.js';

describe('FitError message', () => {
  it('counts each reason over the nodes and sorts "<count> <reason>" as strings, as kube-scheduler prints it', () => {
    const d = new Map<string, number>();
    addReasons(d, ['Insufficient cpu']);
    addReasons(d, ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    addReasons(d, ['Insufficient cpu']);
    assert.equal(fitErrorMessage(3, d),
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.');
  });

  it('a node with several failing resources adds to each; sorting is by bytes ("1 I" < "10" < "2")', () => {
    const d = new Map<string, number>();
    for (let i = 0; i < 10; i++) addReasons(d, ["node(s) didn't match Pod's node affinity/selector"]);
    addReasons(d, ['Insufficient cpu', 'Insufficient memory']);
    addReasons(d, ['Insufficient cpu']);
    assert.equal(fitErrorMessage(12, d),
      "0/12 nodes are available: 1 Insufficient memory, 10 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu.");
  });
});
