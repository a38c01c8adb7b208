import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OffsetBitmap } from '../../../../src/apiserver/services/bitmap.js';
import { IpRange, PortRange } from '../../../../src/apiserver/services/index.js';

describe('OffsetBitmap', () => {
  it('takes each offset once and counts what is free', () => {
    const b = new OffsetBitmap(40);
    assert.equal(b.take(33), true);
    assert.equal(b.take(33), false);
    assert.equal(b.take(40), false);
    assert.equal(b.take(-1), false);
    assert.equal(b.free, 39);
    b.release(33);
    assert.equal(b.has(33), false);
    assert.equal(b.free, 40);
  });

  it('hands out the next free offset after the last one, wrapping around', () => {
    const b = new OffsetBitmap(4);
    assert.deepEqual([b.takeNext(), b.takeNext()], [0, 1]);
    b.release(0);
    assert.deepEqual([b.takeNext(), b.takeNext(), b.takeNext(), b.takeNext()], [2, 3, 0, undefined]);
  });
});

describe('IpRange', () => {
  it('never hands out the network, broadcast or reserved addresses dynamically', () => {
    const r = new IpRange('10.43.0.0/29', ['10.43.0.1', '10.43.0.3']);
    const got: string[] = [];
    for (let ip = r.allocateNext(); ip; ip = r.allocateNext()) got.push(ip);
    assert.deepEqual(got, ['10.43.0.2', '10.43.0.4', '10.43.0.5', '10.43.0.6']);
  });

  it('grants reserved addresses to explicit requests and refuses taken and outside ones', () => {
    const r = new IpRange('10.43.0.0/16', ['10.43.0.1', '10.43.0.10']);
    assert.equal(r.allocate('10.43.0.10'), 'ok');
    assert.equal(r.allocate('10.43.0.10'), 'taken');
    assert.equal(r.allocate('10.44.0.1'), 'out-of-range');
    assert.equal(r.allocate('10.43.0.0'), 'out-of-range');
    assert.equal(r.allocate('10.43.255.255'), 'out-of-range');
    assert.equal(r.description, '10.43.0.0/16');
  });

  it('is exhausted when every address is held and reuses a released one', () => {
    const r = new IpRange('10.43.0.0/30');
    assert.deepEqual([r.allocateNext(), r.allocateNext(), r.allocateNext()], ['10.43.0.1', '10.43.0.2', undefined]);
    r.release('10.43.0.1');
    assert.equal(r.allocateNext(), '10.43.0.1');
  });
});

describe('PortRange', () => {
  it('allocates inside min-max only and reuses released ports', () => {
    const r = new PortRange(30000, 30002);
    assert.equal(r.allocate(30001), 'ok');
    assert.equal(r.allocate(30001), 'taken');
    assert.equal(r.allocate(29999), 'out-of-range');
    assert.deepEqual([r.allocateNext(), r.allocateNext(), r.allocateNext()], [30000, 30002, undefined]);
    r.release(30001);
    assert.equal(r.allocateNext(), 30001);
    assert.equal(r.description, '30000-30002');
  });
});
