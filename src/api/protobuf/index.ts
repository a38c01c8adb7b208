/**
 * Decoding of Kubernetes protobuf request bodies.
 *
 * Since client-go 1.31, kubectl's typed clients send
 * `Content-Type: application/vnd.kubernetes.protobuf` for `create
 * namespace|configmap|secret|deployment|...`, `create token`, `auth can-i`,
 * `auth whoami` and `autoscale`, and do not retry with JSON on 415; schedulers
 * send Binding, node agents Lease and Event. Kite answers in JSON only, so this
 * module turns such a body into the JSON object the same client would have sent.
 *
 * Design: a hand-written proto2 subset per group (field numbers from upstream
 * `generated.proto`, field names = JSON names) parsed by protobufjs on first
 * use; a generic converter applies Go's JSON rules (omitempty, embedded
 * structs, Time, IntOrString, Quantity, bytes). Unknown fields are skipped, so
 * newer clients still decode. Kinds outside `protobufKinds()` are refused with
 * 415 naming the kind; malformed bytes give 400.
 */
export { decodeK8sProtobuf, isProtobufBody } from './decode.js';
export { protobufKinds } from './kinds.js';
