/**
 * Images without a registry (DESIGN §3: `DIR/images/*.tar` imported at agent start). Archives are
 * imported with ctr into namespace k8s.io, the only one the CRI sees; the pause image is built
 * locally from busybox-static, deterministically, by the same builder the e2e tests use.
 */
export { importImages, importImageDir, ensurePauseImage, IMPORTED_RECORD } from './import.js';
export type { ImageDeps, ImportDirResult } from './import.js';
export { ctrListImages, CRI_NAMESPACE } from './ctr.js';
export type { ImageRecord } from './ctr.js';
export { buildBusyboxOci, writeBusyboxOci, PAUSE_IMAGE, PAUSE_SPEC } from './oci-build.js';
export type { OciImageSpec } from './oci-build.js';
