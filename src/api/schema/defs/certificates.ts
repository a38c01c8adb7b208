/** certificates.k8s.io/v1 schemas: CertificateSigningRequest and its parts. */
import { arr, gvkName, int, listMap, mapOf, obj, ref, set, str, time } from '../dsl.js';
import { kindSchema } from './meta.js';
import type { SchemaSet } from '../types.js';

const G = 'certificates.k8s.io';
const n = (k: string) => gvkName(G, 'v1', k);

export const certificatesSchemas: SchemaSet = {
  [n('CertificateSigningRequest')]: kindSchema(G, 'v1', 'CertificateSigningRequest',
    'CertificateSigningRequest objects provide a mechanism to obtain x509 certificates by submitting a certificate signing request, and having it asynchronously approved and issued.', {
      spec: ref(n('CertificateSigningRequestSpec'), 'spec contains the certificate request, and is immutable after creation.'),
      status: ref(n('CertificateSigningRequestStatus'), 'status contains information about whether the request is approved or denied, and the certificate issued by the signer, or the failure condition indicating signer failure.'),
    }, { required: ['spec'] }),
  [n('CertificateSigningRequestSpec')]: obj({
    request: str('request contains an x509 certificate signing request encoded in a "CERTIFICATE REQUEST" PEM block.', { format: 'byte' }),
    signerName: str('signerName indicates the requested signer, and is a qualified name.'),
    expirationSeconds: int('expirationSeconds is the requested duration of validity of the issued certificate.'),
    usages: arr(str(), 'usages specifies a set of key usages requested in the issued certificate.'),
    username: str('username contains the name of the user that created the CertificateSigningRequest. Populated by the API server on creation and immutable.'),
    uid: str('uid contains the uid of the user that created the CertificateSigningRequest. Populated by the API server on creation and immutable.'),
    groups: arr(str(), 'groups contains group membership of the user that created the CertificateSigningRequest. Populated by the API server on creation and immutable.'),
    extra: mapOf(set(str()), 'extra contains extra attributes of the user that created the CertificateSigningRequest. Populated by the API server on creation and immutable.'),
  }, 'CertificateSigningRequestSpec contains the certificate request.', { required: ['request', 'signerName'] }),
  [n('CertificateSigningRequestStatus')]: obj({
    conditions: listMap(ref(n('CertificateSigningRequestCondition')), 'type', 'conditions applied to the request. Known conditions are "Approved", "Denied", and "Failed".'),
    certificate: str('certificate is populated with an issued certificate by the signer after an Approved condition is present.', { format: 'byte' }),
  }, 'CertificateSigningRequestStatus contains conditions used to indicate approved/denied/failed status of the request, and the issued certificate.'),
  [n('CertificateSigningRequestCondition')]: obj({
    type: str('type of the condition. Known conditions are "Approved", "Denied", and "Failed".'),
    status: str('status of the condition, one of True, False, Unknown.'),
    reason: str('reason indicates a brief reason for the request state'),
    message: str('message contains a human readable message with details about the request state'),
    lastUpdateTime: time('lastUpdateTime is the time of the last update to this condition'),
    lastTransitionTime: time('lastTransitionTime is the time the condition last transitioned from one status to another.'),
  }, 'CertificateSigningRequestCondition describes a condition of a CertificateSigningRequest object', { required: ['type', 'status'] }),
};
