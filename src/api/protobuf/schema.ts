/**
 * Builds the protobufjs Root from the proto subsets once, on first use, so that
 * servers which never see a protobuf body pay nothing. The Root is immutable
 * after `resolveAll()`, so caching it in a module-level slot is safe.
 */
import protobuf from 'protobufjs';
import { accessProtos } from './access.js';
import { corePodProto } from './core-pod.js';
import { coreProto } from './core.js';
import { metaProtos } from './meta.js';
import { workloadProtos } from './workloads.js';

const sources = [...metaProtos, corePodProto, coreProto, ...workloadProtos, ...accessProtos];

function build(): protobuf.Root {
  const root = new protobuf.Root();
  // keepCase: field names are the JSON names and must not be re-cased.
  for (const src of sources) protobuf.parse(`syntax = "proto2";\n${src}`, root, { keepCase: true });
  root.resolveAll(); // fails fast on a dangling type reference in the subsets
  return root;
}

const memo: { root?: protobuf.Root } = {};
export const k8sRoot = (): protobuf.Root => (memo.root ??= build());

export function k8sType(name: string): protobuf.Type {
  return k8sRoot().lookupType(name);
}
