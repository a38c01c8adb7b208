/**
 * CertificateSigningRequest validation (upstream `pkg/apis/certificates/validation`): a PEM
 * CERTIFICATE REQUEST, a qualified signer name, known usages, a minimum duration, an immutable spec,
 * and conditions that never say Approved and Denied at once.
 */
import { isDeepStrictEqual } from 'node:util';
import { fieldErr } from '../errors.js';
import type { CertificateSigningRequest, FieldError } from '../types/index.js';

export const KEY_USAGES = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment',
  'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing',
  'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing',
  'microsoft sgc', 'netscape sgc',
];

const SIGNER_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PEM_BLOCK = (label: string) => new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`);
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('latin1');

function validateConditions(o: CertificateSigningRequest): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (o.status?.conditions ?? []).forEach((c, i) => {
    const p = `status.conditions[${i}]`;
    if (!c.type) errs.push(fieldErr.required(`${p}.type`));
    else if (seen.has(c.type)) errs.push(fieldErr.duplicate(`${p}.type`, c.type));
    seen.add(c.type);
    if (!['True', 'False', 'Unknown'].includes(c.status)) errs.push(fieldErr.notSupported(`${p}.status`, c.status ?? '', ['False', 'True', 'Unknown']));
    if (['Approved', 'Denied'].includes(c.type) && c.status !== 'True') {
      errs.push(fieldErr.notSupported(`${p}.status`, c.status ?? '', ['True']));
    }
  });
  const isTrue = (t: string) => (o.status?.conditions ?? []).some((c) => c.type === t && c.status === 'True');
  if (isTrue('Approved') && isTrue('Denied')) errs.push(fieldErr.invalid('status.conditions', 'Approved', 'Approved and Denied conditions are mutually exclusive'));
  const cert = o.status?.certificate;
  if (cert) {
    if (!isTrue('Approved') && !isTrue('Failed')) errs.push(fieldErr.forbidden('status.certificate', 'may not be set without an Approved condition'));
    if (!PEM_BLOCK('CERTIFICATE').test(decode(cert))) errs.push(fieldErr.invalid('status.certificate', '<certificate data>', 'must contain at least one CERTIFICATE PEM block'));
  }
  return errs;
}

export function validateCertificateSigningRequest(o: CertificateSigningRequest, old?: CertificateSigningRequest): FieldError[] {
  const errs: FieldError[] = [];
  const spec = o.spec ?? ({} as CertificateSigningRequest['spec']);
  if (!spec.request) errs.push(fieldErr.required('spec.request'));
  else if (!PEM_BLOCK('CERTIFICATE REQUEST').test(decode(spec.request))) {
    errs.push(fieldErr.invalid('spec.request', '<request data>', 'PEM block type must be CERTIFICATE REQUEST'));
  }
  if (!spec.signerName) errs.push(fieldErr.required('spec.signerName'));
  else if (!SIGNER_RE.test(spec.signerName) || spec.signerName.length > 571) {
    errs.push(fieldErr.invalid('spec.signerName', spec.signerName, 'must be a fully qualified domain and path of the form \'example.com/signer-name\''));
  }
  if (spec.expirationSeconds !== undefined && (!Number.isInteger(spec.expirationSeconds) || spec.expirationSeconds < 600)) {
    errs.push(fieldErr.invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  }
  const usages = spec.usages ?? [];
  if (!usages.length) errs.push(fieldErr.required('spec.usages'));
  usages.forEach((u, i) => { if (!KEY_USAGES.includes(u)) errs.push(fieldErr.notSupported(`spec.usages[${i}]`, u, KEY_USAGES)); });
  if (old && !isDeepStrictEqual(o.spec, old.spec)) errs.push(fieldErr.invalid('spec', '<spec>', 'field is immutable'));
  return [...errs, ...validateConditions(o)];
}
