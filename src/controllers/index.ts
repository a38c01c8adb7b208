/**
 * Controllers: level-triggered loops that drive the cluster towards its desired state, talking
 * to the API server only through `KubeClient` (DESIGN §4), so each could run in its own process.
 *
 * The shared base (client-go's model, written for Kite):
 * - `createInformer` — list (paged) + watch into a cache keyed `ns/name`; re-watches from the last
 *   resourceVersion when a stream ends, relists on 410 and delivers the difference, backs off on
 *   anything else; never dies silently and stops only with its signal (STYLE rule 10).
 * - `createWorkQueue` — dedupes keys, never hands one key to two workers, delays and rate-limits
 *   retries per key (5 ms doubling to 1000 s), unblocks `get` on shutdown (STYLE rule 8).
 * - `createSharedInformers` — one informer per resource for every controller in the process; each
 *   controller adds its own handlers (client-go's SharedInformerFactory).
 * - `Controller` — informers → queue → `reconcile(key)` workers; errors re-queue with back-off;
 *   `run(signal)` resolves once workers and informers have stopped (STYLE rules 9, 11).
 * Time comes from an injected `Clock`, so tests run without real waiting.
 *
 * Controllers, one file each (helpers for a controller sit next to it, named after it):
 * - `namespace.ts` — deletes a terminating namespace's content, then releases its finalizer.
 * - `garbage-collector*.ts` — ownerReferences: Background, Foreground and Orphan deletion.
 * - `serviceaccount.ts` — a `default` ServiceAccount in every namespace.
 * - `replicaset*.ts`, `deployment*.ts` — replica counts, rollouts (RollingUpdate/Recreate), history;
 *   `pod-control.ts` creates and deletes pods for every workload controller.
 * - `daemonset*.ts`, `statefulset*.ts` (revisions in `daemonset-history.ts`), `job*.ts`, `cronjob*.ts`
 *   (`cron-schedule.ts` evaluates schedules).
 * - `node-lifecycle*.ts` — Lease/heartbeat monitoring, NotReady/unreachable taints, taint eviction;
 *   `pod-gc.ts`, `resourcequota.ts` (usage; admission is in apiserver/admission), `disruption.ts` (PDB status).
 * - `endpointslice*.ts`, `endpoints*.ts` — EndpointSlices and Endpoints of Services with a selector
 *   (`endpoint-pods.ts`, `service-pods.ts`: what they share); `service-lb*.ts` — LoadBalancer IPs.
 * - `node-ipam*.ts` — a per-node block of the cluster CIDR as each Node's `spec.podCIDR`.
 * - `local-path*.ts` — the default StorageClass and local-path PVs under DIR/storage (runs with the agent).
 * - `manager.ts` — runs them all on shared informers while holding the controller-manager Lease
 *   (`leader.ts`), each with an event recorder (`events.ts`).
 */
export type { ControllerDeps, EventRecorder, RunnableController } from './deps.js';
export { Controller } from './controller.js';
export type { ControllerOptions } from './controller.js';
export { createInformer, objectKey } from './informer.js';
export type { Informer, InformerEvent, InformerOptions } from './informer.js';
export { createSharedInformers } from './shared-informers.js';
export type { SharedInformer, SharedInformers } from './shared-informers.js';
export { createWorkQueue } from './workqueue.js';
export type { WorkQueue } from './workqueue.js';
export { createExponentialRateLimiter } from './rate-limiter.js';
export type { RateLimiter } from './rate-limiter.js';
export { realClock } from './clock.js';
export type { Clock } from './clock.js';
export { createNamespaceController } from './namespace.js';
export { runControllerManager } from './manager.js';
export { createEventRecorder } from './events.js';
export type { EventRecorderOptions, RunnableEventRecorder } from './events.js';
export { runLeaderElection } from './leader.js';
export type { LeaderElectionOptions } from './leader.js';
export { createGarbageCollector } from './garbage-collector.js';
export type { GarbageCollectorOptions } from './garbage-collector.js';
export { createServiceAccountController } from './serviceaccount.js';
export { createReplicaSetController } from './replicaset.js';
export { createDeploymentController } from './deployment.js';
export { createPodFromTemplate, deletePod } from './pod-control.js';
export { createDaemonSetController } from './daemonset.js';
export { createStatefulSetController } from './statefulset.js';
export { createJobController } from './job.js';
export { createCronJobController } from './cronjob.js';
export { createNodeLifecycleController } from './node-lifecycle.js';
export type { NodeLifecycleOptions } from './node-lifecycle.js';
export { createPodGcController } from './pod-gc.js';
export type { PodGcOptions } from './pod-gc.js';
export { createResourceQuotaController } from './resourcequota.js';
export { createDisruptionController } from './disruption.js';
export { createLocalPathProvisioner } from './local-path.js';
export { createEndpointSliceController } from './endpointslice.js';
export { createEndpointsController } from './endpoints.js';
export { createServiceLbController } from './service-lb.js';
export type { ServiceLbOptions } from './service-lb.js';
export { createNodeIpamController } from './node-ipam.js';
export type { NodeIpamOptions } from './node-ipam.js';
export type { ControllerFactory, ControllerManagerOptions, ManagedController } from './manager.js';
export type { NamespaceControllerDeps } from './namespace.js';
export { createCsrApprover } from './csr-approver.js';
export { createCsrSigner } from './csr-signer.js';
export { approvalDecision, nodeCsrShape } from './csr-policy.js';
export type { Decision as CsrApprovalDecision } from './csr-policy.js';
export { createBootstrapSigner, signedClusterInfo, CLUSTER_INFO, JWS_PREFIX } from './bootstrap-signer.js';
export { createTokenCleaner } from './token-cleaner.js';
