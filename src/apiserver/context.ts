/** What every resource handler receives: the request, its parsed route and the server's dependencies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from '../api/registry/registry.js';
import type { AnyResourceDef } from '../api/registry/types.js';
import type { UserInfo } from './authn.js';
import type { RequestInfo } from './request-info.js';
import type { NamespaceLookup } from './namespace-cache.js';
import type { ObjectStore } from './rest/objects.js';
import type { WriteHooks } from './write-hooks.js';

export interface ApiDeps {
  objects: ObjectStore;
  registry: Registry;
  now: () => Date;
  log: Logger;
  /** How often watches with allowWatchBookmarks=true get a BOOKMARK. */
  bookmarkIntervalMs: number;
  /** Namespace lookups for admission (existence, termination). */
  namespaces: NamespaceLookup;
  /** Ends long-running requests (watches) on shutdown. */
  signal: AbortSignal;
  /** API-server-owned state some resources allocate on write (Service cluster IPs and node ports). */
  writeHooks?: WriteHooks;
}

export interface RequestCtx {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  info: RequestInfo;
  def: AnyResourceDef;
  user: UserInfo;
  deps: ApiDeps;
  /** `Warning` headers to send with the reply (e.g. unknown fields with fieldValidation=Warn). */
  warnings: string[];
}

export const groupResource = (def: AnyResourceDef) => ({ group: def.group, resource: def.plural });
export const apiVersionOf = (def: { group: string; version: string }) => (def.group ? `${def.group}/${def.version}` : def.version);
