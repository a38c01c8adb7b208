/**
 * The Kubernetes REST client every Kite component uses to talk to the API server (DESIGN §4:
 * components talk through the API, never through each other's internals, so they can split into
 * separate processes). Plain `node:https` with a keep-alive agent and a pinned CA; JSON only.
 *
 * - `createKubeClient` — get/list/create/update/updateStatus/patch/delete/watch/raw.
 * - `watch` yields events line by line and ends on server close or abort; ERROR events are passed
 *   through (the informer turns a 410 into a relist).
 * - Errors: non-2xx answers throw `ApiError` with the server's Status (synthesised when the body is not one).
 */
export { createKubeClient } from './client.js';
export type { KubeClient, PatchType } from './client.js';
export type { CallOptions, ListOptions, WatchOptions, WriteOptions, PatchOptions, DeleteOptions } from './options.js';
export { ApiError, isExpired, isNotFound, isConflict } from './errors.js';
export { loadKubeconfig } from './kubeconfig.js';
export type { KubeconfigCredentials } from './kubeconfig.js';
export { resourcePath } from './paths.js';
export { discoverResources } from './discovery.js';
export type { DiscoveredResource } from './discovery.js';
export type { ResourceRef } from './paths.js';
