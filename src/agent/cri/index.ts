/**
 * The agent's only door to the container runtime (STYLE rule 15).
 *
 * - `types.ts`: the CRI `runtime.v1` surface as plain TS; everything else in the agent codes
 *   against `RuntimeService` / `ImageService` (usually a `Pick<>` of them).
 * - `connectCri(socket)`: the real client — grpc-js on a unix socket, messages encoded by
 *   protobufjs from a hand-written proto subset (`proto.ts`, upstream field numbers), mapped to
 *   the TS types in `codec.ts`. gRPC failures become `CriError` with the status name as `code`;
 *   the *Status calls answer `undefined` for unknown ids instead of throwing.
 * - `createFakeCri()`: the in-memory twin for unit tests; the same contract suite runs against
 *   it and against real containerd, so code tested on the fake behaves the same on a node.
 */
export { connectCri, type CriClient, type CriClientOptions } from './client.js';
export { CriError, isNotFound, type CriErrorCode } from './errors.js';
export { createFakeCri, type FakeCri, type FakeCriOptions, type ProcessExit } from './fake.js';
export { normalizeImageRef } from './image-ref.js';
export type {
  AttachRequest, Capabilities, Container, ContainerConfig, ContainerFilter, ContainerMetadata, ContainerState,
  ContainerStats, ContainerStatus, ExecRequest, Image, ImageService, KeyValue, LinuxContainerResources,
  LinuxContainerSecurityContext, LinuxSandboxSecurityContext, Mount, NamespaceMode, NamespaceOptions, PodSandbox,
  PodSandboxConfig, PodSandboxMetadata, PodSandboxStatus, Protocol, RuntimeCondition, RuntimeService, SandboxFilter,
  SandboxState,
} from './types.js';
