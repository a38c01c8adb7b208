/**
 * The `application/vnd.kubernetes.protobuf` envelope: the 4-byte magic
 * "k8s\0", then a `runtime.Unknown` whose `typeMeta` names the kind and whose
 * `raw` holds that kind's own message (apimachinery
 * `pkg/runtime/serializer/protobuf/protobuf.go`).
 */
import type protobuf from 'protobufjs';
import { badRequest, unsupportedMediaType } from '../errors.js';
import { messageToJson } from './convert.js';
import { messageFor } from './kinds.js';
import { k8sType } from './schema.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export function isProtobufBody(buf: Uint8Array): boolean {
  return buf.length >= MAGIC.length && MAGIC.every((b, i) => buf[i] === b);
}

/** Decodes a protobuf request body into the object a JSON client would have sent. */
export function decodeK8sProtobuf(buf: Uint8Array): Record<string, unknown> {
  if (!isProtobufBody(buf)) throw badRequest('protobuf body does not start with the "k8s\\x00" prefix');
  const envelope = decode(k8sType('runtime.Unknown'), buf.subarray(MAGIC.length), 'envelope');
  const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const apiVersion = typeMeta.apiVersion ?? '';
  const kind = typeMeta.kind ?? '';
  if (!apiVersion || !kind) throw badRequest('protobuf body: apiVersion and kind must be set in the envelope');
  const encoding = (envelope.contentEncoding as string | undefined) ?? '';
  if (encoding) throw unsupportedMediaType(`protobuf body: content encoding "${encoding}" is not supported`);
  const typeName = messageFor(apiVersion, kind);
  if (!typeName) {
    throw unsupportedMediaType(`protobuf bodies of kind "${kind}" (apiVersion "${apiVersion}") are not supported; send application/json`);
  }
  const type = k8sType(typeName);
  const msg = decode(type, (envelope.raw as Uint8Array | undefined) ?? new Uint8Array(), kind);
  return { apiVersion, kind, ...messageToJson(type, msg) };
}

function decode(type: protobuf.Type, bytes: Uint8Array, what: string): Record<string, unknown> {
  try {
    return type.decode(bytes) as unknown as Record<string, unknown>;
  } catch (e) {
    throw badRequest(`malformed protobuf ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
