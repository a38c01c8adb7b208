/**
 * This machine as a Kubernetes Node (issue 4 scope 3): its static allocation, its Node object,
 * its conditions from real measurements, registration, Lease heartbeats and status reports.
 *
 * - allocation.ts: flags + machine facts → capacity, allocatable (minus Kite's reserve) and the
 *   parent cgroup's limits (pure);
 * - machine.ts, host-info.ts: reading the machine (CPU, memory, disk, addresses, OS, IDs);
 * - node-object.ts: the Node (labels, addresses, nodeInfo, capacity) (pure);
 * - conditions.ts: Ready/MemoryPressure/DiskPressure/PIDPressure and their time semantics (pure);
 * - registration.ts, lease.ts, heartbeat.ts (+ measure.ts, status-diff.ts): `runNodeAgentStatus`.
 */
export { computeAllocation, resourceList, cpuQuantity, bytesQuantity, KITE_RESERVE, MAX_PODS } from './allocation.js';
export type { AllocationFlags, MachineFacts, NodeAllocation, NodeResources, Reserve } from './allocation.js';
export { readMachineFacts, diskStats } from './machine.js';
export { readHostInfo } from './host-info.js';
export type { HostInfo } from './host-info.js';
export { buildNode, KUBELET_VERSION, CONTROL_PLANE_LABEL } from './node-object.js';
export { nodeConditions, THRESHOLDS } from './conditions.js';
export type { NodeMeasurements } from './conditions.js';
export { runNodeAgentStatus } from './heartbeat.js';
export type { NodeAgentStatusOptions } from './heartbeat.js';
export { NodeRegistrationRefused } from './registration.js';
export type { HostProbes } from './measure.js';
