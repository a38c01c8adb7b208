/**
 * Kite's PKI: one cluster CA (ECDSA P-256) that signs the API server's serving certificate and client
 * certificates (user = CN, groups = O). Everything is PEM so it can be written to kubeconfigs and read by
 * Node's TLS stack directly. Join tokens and service-account token signing live here too.
 */
export { ensurePki, issueClientCert } from './certs.js';
export type { Pki, EnsurePkiOptions } from './certs.js';
export { renderKubeconfig, renderClusterInfoKubeconfig, readClusterInfoKubeconfig } from './kubeconfig.js';
export type { KubeconfigOptions } from './kubeconfig.js';
export { loadSaTokenSigner, SA_ISSUER, DEFAULT_AUDIENCES } from './sa-tokens.js';
export type { SaTokenSigner, SaClaims, VerifiedToken } from './sa-tokens.js';
export { createCertificateRequest, signLeaf } from './ca.js';
export type { CertKeyPem, LeafSpec } from './ca.js';
export { parseCertificateRequest, signCertificateRequest } from './csr.js';
export type { ParsedCsr } from './csr.js';
export {
  BOOTSTRAP_GROUP, BOOTSTRAP_TOKEN_PREFIX, BOOTSTRAP_TOKEN_SECRET_TYPE, bootstrapTokenSecret, formatBootstrapToken, generateBootstrapToken,
  parseBootstrapToken, readBootstrapTokenSecret, tokenUsable, validExtraGroup,
} from './bootstrap-token.js';
export type { BootstrapToken, StoredBootstrapToken } from './bootstrap-token.js';
export { computeDetachedJws, verifyDetachedJws } from './jws.js';
export { caCertHash, parseCaCertHash } from './ca-hash.js';
