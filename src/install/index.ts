/**
 * Installation and lifecycle (issue 6): turns a validated ClusterConfig (src/config) into a running
 * Kite service on this machine and removes it again. It lives apart from src/cli so the commands stay
 * thin (flags, output, exit codes) and the steps can be called from tests and benchmarks.
 *
 * - `deploy.ts` — the deploy steps (checks → /etc/kite/config.yaml → service → API, node, system pods
 *   → kubeconfig merge → deployment record); idempotent, resumable after a kill.
 * - `service.ts` — one ServiceManager over a systemd unit (`systemd.ts`) or the detached supervisor
 *   (`supervisor.ts`, run as `kite supervise`); `service-spec.ts` is what both run.
 * - `remove.ts` — stop, pods/containers/cgroups (`host-state.ts`), the network components' cleanups (`host-network.ts`),
 *   state, service, kubeconfig context; safe to run twice.
 * - `kubeconfig-merge.ts` — the kite-<cluster> context in the user's kubeconfig, as text splices.
 * - `info.ts`, `logs-bundle.ts` — `kite info` and `kite logs --bundle`.
 * - `paths.ts` — every location and its override (KITE_ETC_DIR, KITE_SYSTEMD_DIR, KITE_SERVICE_MANAGER).
 */
export { deploy, loadConfigOrThrow, thisMachine } from './deploy.js';
export type { DeployOptions, DeployResult } from './deploy.js';
export { removeDeployment } from './remove.js';
export type { RemoveOptions } from './remove.js';
export { serviceManager, pickServiceManager } from './service.js';
export type { ServiceManager, ServiceStatus } from './service.js';
export { runSupervisor } from './supervisor.js';
export { renderSystemdUnit } from './systemd.js';
export { mergeKiteContext, removeKiteContext, userKubeconfigPath, kiteContextName } from './kubeconfig-merge.js';
export { clusterInfo, renderInfoText } from './info.js';
export type { ClusterInfo } from './info.js';
export { writeLogsBundle } from './logs-bundle.js';
export { installPaths, etcDirOf } from './paths.js';
export type { InstallPaths } from './paths.js';
export { createProgress } from './progress.js';
export { waitApiReady, waitNodeReady } from './wait.js';
export { writeFileAtomic } from './deployment.js';
export { InstallError } from './errors.js';
export { removeHostNetwork } from './host-network.js';
