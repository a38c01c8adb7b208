/** Objects are stored as compact JSON without resourceVersion; the store revision is stamped on read. */
import type { KeyValue } from '../../store/index.js';
import type { KObject } from '../../api/types/index.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeObject(o: KObject): Uint8Array {
  const { resourceVersion: _rv, ...meta } = o.metadata;
  return enc.encode(JSON.stringify({ ...o, metadata: meta }));
}

export function decodeObject(kv: KeyValue, rev = kv.modRev): KObject {
  const o = JSON.parse(dec.decode(kv.value)) as KObject;
  o.metadata.resourceVersion = String(rev);
  return o;
}
