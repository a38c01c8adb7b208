/** Reading and decoding request bodies: JSON, YAML and Kubernetes protobuf, with a size limit. */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, tooLarge, unsupportedMediaType } from '../api/errors.js';
import { decodeK8sProtobuf, isProtobufBody } from '../api/protobuf/index.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw tooLarge(`the request body is too large (${declared} bytes, limit ${limit})`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw tooLarge(`the request body is too large (over ${limit} bytes)`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

/** Decodes an object body (create/update) by content type; JSON when none is given. */
export function decodeObjectBody(buf: Buffer, type: string): Record<string, unknown> {
  if (buf.length === 0) throw badRequest('the request body is empty');
  let v: unknown;
  switch (type) {
    case 'application/json': case '': case '*/*':
      v = parseJson(buf);
      break;
    case 'application/yaml': case 'application/x-yaml': case 'text/yaml':
      v = parseYamlBody(buf);
      break;
    case 'application/vnd.kubernetes.protobuf':
      if (!isProtobufBody(buf)) throw badRequest('protobuf body does not start with the k8s magic number');
      v = checkDepth(decodeK8sProtobuf(buf));
      break;
    default:
      throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw badRequest('the request body must be a JSON object');
  return v as Record<string, unknown>;
}

export function parseJson(buf: Buffer): unknown {
  let v: unknown;
  try {
    v = JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw badRequest(`error decoding request body: invalid JSON: ${(e as Error).message}`);
  }
  return checkDepth(v);
}

export function parseYamlBody(buf: Buffer): unknown {
  let v: unknown;
  try {
    v = parseYaml(buf.toString('utf8'), { uniqueKeys: true, maxAliasCount: 100 });
  } catch (e) {
    throw badRequest(`error decoding request body: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return checkDepth(v);
}

/** Deeper than any real object; everything downstream (patches, clones, schemas) recurses. */
const MAX_DEPTH = 200;

/** Refuses absurd nesting without recursing itself (an explicit stack of [value, depth]). */
function checkDepth(v: unknown): unknown {
  const stack: Array<[unknown, number]> = [[v, 1]];
  while (stack.length) {
    const [cur, d] = stack.pop()!;
    if (cur === null || typeof cur !== 'object') continue;
    if (d > MAX_DEPTH) throw badRequest(`error decoding request body: nesting deeper than ${MAX_DEPTH} levels`);
    for (const child of Object.values(cur)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return v;
}
