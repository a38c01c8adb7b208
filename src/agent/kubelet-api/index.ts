/**
 * The node agent's kubelet API (issue 4): the HTTPS endpoint the API server proxies `kubectl logs`
 * to. `cri-log.ts` parses containerd's CRI log format, `read-logs.ts` streams and follows one file,
 * `lookup.ts` maps a pod/container to its file, `server.ts` serves it over mutual TLS and
 * `certs.ts` issues the serving certificate from the cluster CA. WebSocket upgrades: `exec.ts`
 * (exec/attach, over SPDY to the runtime via `exec-spdy.ts` and `spdy-dial.ts`) and
 * `portforward.ts` (`/portForward/<ns>/<pod>?ports=`, through CRI PortForward).
 */
export { startKubeletApi, KUBELET_CLIENT_CN } from './server.js';
export type { KubeletApiOptions, RunningKubeletApi } from './server.js';
export { createApiLogLookup, KubeletApiError } from './lookup.js';
export type { LogLookup, LogRequest } from './lookup.js';
export { issueKubeletServingCert } from './certs.js';
export { createExecUpgrade } from './exec.js';
export type { UpgradeHandler } from './exec.js';
export { createPortForwardUpgrade } from './portforward.js';
