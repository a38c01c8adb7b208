import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service } from '../../../../src/api/registry/core-types.js';
import { validateConfigMap, validateSecret } from '../../../../src/api/validation/core-config.js';
import { validateNode } from '../../../../src/api/validation/core-misc.js';
import { validateService } from '../../../../src/api/validation/core-service.js';
import { validatePersistentVolumeClaim } from '../../../../src/api/validation/core-storage.js';

const svc = (spec: Service['spec']): Service => ({ metadata: { name: 'web', namespace: 'default' }, spec });
const fields = (errs: Array<{ field: string; message: string }>) => errs.map((e) => `${e.field}: ${e.message}`);

describe('service validation', () => {
  it('requires ports except for headless and ExternalName services', () => {
    assert.deepEqual(fields(validateService(svc({ type: 'ClusterIP' }))), ['spec.ports: Required value']);
    assert.deepEqual(validateService(svc({ clusterIP: 'None', selector: { app: 'db' } })), []);
    assert.deepEqual(validateService(svc({ type: 'ExternalName', externalName: 'db.example.com' })), []);
  });

  it('requires unique names when there are several ports and checks ranges', () => {
    const errs = validateService(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 70000 }, { port: 0, name: 'x' }, { port: 443, name: 'x' }] }));
    assert.deepEqual(fields(errs), [
      'spec.ports[0].name: Required value',
      'spec.ports[0].nodePort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[2].name: Duplicate value: "x"',
    ]);
  });

  it('rejects unknown types and nodePorts on ClusterIP services', () => {
    assert.deepEqual(fields(validateService(svc({ type: 'Magic', ports: [{ port: 80 }] }))), [
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    assert.deepEqual(fields(validateService(svc({ type: 'ClusterIP', ports: [{ port: 80, nodePort: 30080 }] }))), [
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });

  it('requires clusterIPs[0] to match clusterIP', () => {
    assert.deepEqual(fields(validateService(svc({ clusterIP: '10.43.0.5', clusterIPs: ['10.43.0.6'], ports: [{ port: 80 }] }))), [
      'spec.clusterIPs: Invalid value: ["10.43.0.6"]: first value must match `clusterIP`',
    ]);
  });

  it('keeps clusterIP immutable on update', () => {
    const old = svc({ clusterIP: '10.43.0.10', ports: [{ port: 80 }] });
    assert.deepEqual(fields(validateService(svc({ clusterIP: '10.43.0.11', ports: [{ port: 80 }] }), old)), [
      'spec.clusterIP: Invalid value: "10.43.0.11": field is immutable',
    ]);
    assert.deepEqual(validateService(svc({ clusterIP: '10.43.0.10', ports: [{ port: 8080 }] }), old), []);
  });
});

describe('configmap and secret validation', () => {
  it('rejects invalid keys', () => {
    assert.deepEqual(fields(validateConfigMap({ metadata: { name: 'c' }, data: { 'ok.key': '1', 'bad/key': '2' } })), [
      "data[bad/key]: Invalid value: \"bad/key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('rejects more than 1 MiB of data', () => {
    assert.deepEqual(fields(validateConfigMap({ metadata: { name: 'c' }, data: { big: 'x'.repeat(1024 * 1024) } })), [
      'data: Too long: may not be more than 1048576 bytes',
    ]);
  });

  it('honours immutable on update', () => {
    const old = { metadata: { name: 'c' }, data: { a: '1' }, immutable: true };
    assert.deepEqual(fields(validateConfigMap({ metadata: { name: 'c' }, data: { a: '2' }, immutable: true }, old)), [
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    assert.deepEqual(validateConfigMap({ metadata: { name: 'c', labels: { x: 'y' } }, data: { a: '1' }, immutable: true }, old), []);
  });

  it('requires the keys of typed secrets and keeps type immutable', () => {
    assert.deepEqual(fields(validateSecret({ metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'QQ==' } })), [
      'data[tls.key]: Required value',
    ]);
    assert.deepEqual(fields(validateSecret({ metadata: { name: 's' }, type: 'Foo' }, { metadata: { name: 's' }, type: 'Opaque' })), [
      'type: Invalid value: "Foo": field is immutable',
    ]);
  });
});

describe('node and claim validation', () => {
  it('rejects unknown taint effects', () => {
    assert.deepEqual(fields(validateNode({ metadata: { name: 'n' }, spec: { taints: [{ key: 'gpu', effect: 'NoWay' }] } })), [
      'spec.taints[0].effect: Unsupported value: "NoWay": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  it('requires access modes and a storage request on claims', () => {
    assert.deepEqual(fields(validatePersistentVolumeClaim({ metadata: { name: 'c' }, spec: {} })), [
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
    assert.deepEqual(validatePersistentVolumeClaim({ metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }), []);
  });
});
