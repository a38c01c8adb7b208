export type {
  KObject, ObjectMeta, OwnerReference, ManagedFieldsEntry, KList, ListMeta, Status, StatusCause, FieldError, WatchEvent,
} from './meta.js';
export type { CertificateSigningRequest, CsrCondition, CsrConditionType } from './certificates.js';
export { KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from './certificates.js';
