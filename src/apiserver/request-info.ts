/** Parses a resource URL into group/version/namespace/resource/name/subresource and the verb (k8s RequestInfoFactory). */
import { badRequest, methodNotAllowed } from '../api/errors.js';

export type RequestVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface RequestInfo {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: RequestVerb;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Returns undefined when the path is not a resource path (discovery and other endpoints). */
export function parseRequestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeSegment);
  let group = '';
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] as string;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  const version = parts[0] === 'api' ? (parts[1] as string) : (parts[2] as string);
  let legacyWatch = false;
  if (rest[0] === 'watch') { legacyWatch = true; rest = rest.slice(1); }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] as string)) rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (!resource) return undefined;
  // `/api/v1/namespaces/foo` names the namespace itself, not a resource inside it.
  if (resource === 'namespaces' && rest[0] === 'namespaces' && namespace !== undefined && rest.length <= 3) {
    return { group, version, resource, name: namespace, subresource: rest[2], verb: verbOf(method, true, query, legacyWatch) };
  }
  if (rest.length > 3) return undefined;
  return { group, version, namespace, resource, name, subresource, verb: verbOf(method, name !== undefined, query, legacyWatch) };
}

function verbOf(method: string, hasName: boolean, q: URLSearchParams, legacyWatch: boolean): RequestVerb {
  const watch = legacyWatch || q.get('watch') === 'true' || q.get('watch') === '1';
  switch (method) {
    case 'GET': case 'HEAD': return watch ? 'watch' : hasName ? 'get' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return hasName ? 'delete' : 'deletecollection';
    default: throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw badRequest(`malformed URL path segment: "${s}"`);
  }
}
