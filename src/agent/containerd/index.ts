/**
 * The agent's own containerd (DESIGN §2): kite supervises it as a child with its own config, dirs and
 * socket under DIR/agent/containerd, restarts it if it dies and stops it on exit. Containers outlive
 * both containerd and kite restarts (containerd's shim model); the agent re-adopts them via the CRI.
 */
export { startContainerd } from './supervisor.js';
export type { ContainerdHandle, ContainerdOptions } from './supervisor.js';
export { containerdPaths, renderContainerdConfig } from './config.js';
export type { ContainerdPaths } from './config.js';
export { checkRuntimeBinaries, RUNTIME_PACKAGES_HINT } from './binaries.js';
export { containerdNotReady } from './probe.js';
