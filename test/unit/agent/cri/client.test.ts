/**
 * The real client against an in-process grpc-js server speaking the same proto subset on a unix
 * socket: checks the wire mapping (wrappers, int64, enums, bytes, maps), error mapping, NOT_FOUND
 * as `undefined`, deadlines and abort — without containerd. Field numbers themselves are checked
 * by the e2e contract run against containerd.
 */
import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { connectCri, CriError, type CriClient } from '../../../../src/agent/cri/index.js';
import { CRI_PROTO } from '../../../../src/agent/cri/proto.js';

type Obj = Record<string, any>; // decoded protobuf messages are untyped by nature
type Handler = (req: Obj) => Obj | Promise<Obj>;
const DECODE = { longs: String, enums: String, defaults: false };

function serviceDef(root: protobuf.Root, name: string): grpc.ServiceDefinition {
  const svc = root.lookupService(`runtime.v1.${name}`);
  return Object.fromEntries(svc.methodsArray.map((m) => {
    const req = m.resolvedRequestType as protobuf.Type, res = m.resolvedResponseType as protobuf.Type;
    return [m.name, {
      path: `/runtime.v1.${name}/${m.name}`, requestStream: false, responseStream: false,
      requestSerialize: (v: Obj) => Buffer.from(req.encode(req.fromObject(v)).finish()),
      requestDeserialize: (b: Buffer) => req.toObject(req.decode(b), DECODE),
      responseSerialize: (v: Obj) => Buffer.from(res.encode(res.fromObject(v)).finish()),
      responseDeserialize: (b: Buffer) => res.toObject(res.decode(b), DECODE),
    }];
  }));
}

describe('CRI gRPC client', () => {
  let dir: string, server: grpc.Server, cri: CriClient;
  const handlers = new Map<string, Handler>();
  const seen = new Map<string, Obj>();

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kite-cri-unit-'));
    const root = protobuf.parse(CRI_PROTO, { keepCase: true }).root;
    root.resolveAll();
    server = new grpc.Server();
    for (const name of ['RuntimeService', 'ImageService']) {
      const def = serviceDef(root, name);
      const impl = Object.fromEntries(Object.keys(def).map((method) => [method, (call: grpc.ServerUnaryCall<Obj, Obj>, cb: grpc.sendUnaryData<Obj>) => {
        seen.set(method, call.request);
        const h = handlers.get(method);
        if (!h) return cb({ code: grpc.status.UNIMPLEMENTED, details: `${method} not scripted` });
        Promise.resolve().then(() => h(call.request)).then((r) => cb(null, r), (e: grpc.ServiceError) => cb(e));
      }]));
      server.addService(def, impl);
    }
    const sock = path.join(dir, 'cri.sock');
    await new Promise<void>((res, rej) => server.bindAsync(`unix://${sock}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? rej(e) : res())));
    cri = connectCri(sock, { defaultTimeoutMs: 300 });
  });
  after(async () => {
    cri.close();
    await new Promise<void>((r) => server.tryShutdown(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  it('sends wrapped and nested fields the way runtime.v1 spells them', async () => {
    handlers.set('RunPodSandbox', () => ({ podSandboxId: 'sb1' }));
    const id = await cri.runPodSandbox({
      metadata: { name: 'p', uid: 'u', namespace: 'ns', attempt: 2 }, logDirectory: '/logs',
      labels: { a: 'b' }, portMappings: [{ protocol: 'UDP', containerPort: 53, hostPort: 5353 }],
      linux: { cgroupParent: '/kite/pod-u', securityContext: { runAsUser: 1000, namespaceOptions: { network: 'NODE', pid: 'CONTAINER' } } },
    });
    assert.equal(id, 'sb1');
    const req = seen.get('RunPodSandbox');
    assert.deepEqual(req?.config.linux.securityContext, { runAsUser: { value: '1000' }, namespaceOptions: { network: 'NODE', pid: 'CONTAINER' } });
    assert.deepEqual(req?.config.portMappings, [{ protocol: 'UDP', containerPort: 53, hostPort: 5353 }]);
    assert.deepEqual(req?.config.labels, { a: 'b' });
    assert.equal(req?.config.metadata.attempt, 2);
  });

  it('sends int64 resources and state filters as wrapped enums', async () => {
    handlers.set('CreateContainer', () => ({ containerId: 'c1' }));
    handlers.set('ListContainers', () => ({ containers: [{ id: 'c1', podSandboxId: 'sb1', image: { image: 'busybox' }, state: 'CONTAINER_EXITED', createdAt: '1700000000000000000' }] }));
    await cri.createContainer('sb1', {
      metadata: { name: 'c' }, image: { image: 'busybox' }, logPath: 'c/0.log',
      linux: { resources: { memoryLimitInBytes: 2 ** 33, cpuQuota: 20000 } },
    }, { metadata: { name: 'p', uid: 'u', namespace: 'ns' }, logDirectory: '/l' });
    assert.deepEqual(seen.get('CreateContainer')?.config.linux.resources, { memoryLimitInBytes: String(2 ** 33), cpuQuota: '20000' });
    const list = await cri.listContainers({ state: 'CONTAINER_EXITED', podSandboxId: 'sb1' });
    assert.deepEqual(seen.get('ListContainers')?.filter, { state: { state: 'CONTAINER_EXITED' }, podSandboxId: 'sb1' });
    assert.deepEqual(list, [{
      id: 'c1', podSandboxId: 'sb1', metadata: { name: '', attempt: 0 }, image: 'busybox', imageRef: '',
      state: 'CONTAINER_EXITED', createdAt: 1.7e18, labels: {}, annotations: {},
    }]);
  });

  it('maps responses: every field present, int64 as number, bytes as Buffer, stats flattened', async () => {
    handlers.set('ExecSync', () => ({ stdout: Buffer.from('out'), exitCode: 2 }));
    const r = await cri.execSync('c1', ['x'], 5);
    assert.deepEqual([r.stdout.toString(), r.stderr.length, r.exitCode], ['out', 0, 2]);
    assert.equal(seen.get('ExecSync')?.timeout, '5');
    handlers.set('ListContainerStats', () => ({ stats: [{ attributes: { id: 'c1', metadata: { name: 'c' } }, cpu: { timestamp: '5', usageCoreNanoSeconds: { value: '77' } }, memory: { workingSetBytes: { value: '4096' } } }] }));
    handlers.set('ListContainers', () => ({ containers: [{ id: 'c1', podSandboxId: 'sb9' }] }));
    assert.deepEqual(await cri.listContainerStats(), [{ id: 'c1', name: 'c', timestamp: 5, cpuUsageCoreNanoSeconds: 77, memoryWorkingSetBytes: 4096, podSandboxId: 'sb9' }]);
    handlers.set('ImageFsInfo', () => ({ imageFilesystems: [{ fsId: { mountpoint: '/m' }, usedBytes: { value: '10' } }] }));
    assert.deepEqual(await cri.imageFsInfo(), [{ mountpoint: '/m', usedBytes: 10, inodesUsed: 0 }]);
    handlers.set('PodSandboxStatus', () => ({ status: { id: 'sb1', state: 'SANDBOX_NOTREADY', network: { ip: '10.0.0.2', additionalIps: [{ ip: 'fd00::2' }] } } }));
    const st = await cri.podSandboxStatus('sb1');
    assert.deepEqual([st?.state, st?.network], ['SANDBOX_NOTREADY', { ip: '10.0.0.2', additionalIps: ['fd00::2'] }]);
  });

  it('NOT_FOUND from a status call is undefined; other errors are CriErrors with code and details', async () => {
    handlers.set('ContainerStatus', () => { throw { code: grpc.status.NOT_FOUND, details: 'no such container' }; });
    assert.equal(await cri.containerStatus('nope'), undefined);
    handlers.set('ImageStatus', () => ({}));
    assert.equal(await cri.imageStatus('nope'), undefined);
    handlers.set('StopContainer', () => { throw { code: grpc.status.NOT_FOUND, details: 'no such container' }; });
    await assert.rejects(cri.stopContainer('nope', 0), (e: unknown) =>
      e instanceof CriError && e.code === 'NOT_FOUND' && e.details === 'no such container' && e.method === 'StopContainer');
    handlers.set('PullImage', () => { throw { code: grpc.status.UNKNOWN, details: 'dial tcp: refused' }; });
    await assert.rejects(cri.pullImage('x'), (e: unknown) => e instanceof CriError && e.code === 'UNKNOWN');
  });

  it('a slow call fails DEADLINE_EXCEEDED; an aborted call fails CANCELLED', async () => {
    handlers.set('Version', () => new Promise((r) => setTimeout(() => r({ version: 'v1' }), 1_000)));
    await assert.rejects(cri.listPodSandbox(), (e: unknown) => e instanceof CriError && e.code === 'UNIMPLEMENTED');
    await assert.rejects(cri.removeImage('x'), (e: unknown) => e instanceof CriError && e.code === 'UNIMPLEMENTED');
    await assert.rejects(cri.version(), (e: unknown) => e instanceof CriError && e.code === 'DEADLINE_EXCEEDED');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    await assert.rejects(cri.version(ac.signal), (e: unknown) => e instanceof CriError && e.code === 'CANCELLED');
    await assert.rejects(cri.status(AbortSignal.abort()), (e: unknown) => e instanceof CriError && e.code === 'CANCELLED');
  });
});
