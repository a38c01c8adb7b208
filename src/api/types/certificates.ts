/** certificates.k8s.io/v1 CertificateSigningRequest: the API by which nodes obtain their certificates. */
import type { KObject } from './meta.js';

export type CsrConditionType = 'Approved' | 'Denied' | 'Failed';

export interface CsrCondition {
  type: CsrConditionType | string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface CertificateSigningRequest extends KObject {
  spec: {
    /** base64 of a PEM `CERTIFICATE REQUEST` (JSON encoding of `[]byte`). */
    request: string;
    signerName: string;
    expirationSeconds?: number;
    usages?: string[];
    /** Set by the API server from the requester's identity on create; never taken from the client. */
    username?: string;
    uid?: string;
    groups?: string[];
    extra?: Record<string, string[]>;
  };
  status?: {
    conditions?: CsrCondition[];
    /** base64 of the issued PEM certificate(s). */
    certificate?: string;
  };
}

export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
