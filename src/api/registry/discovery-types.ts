/**
 * Structural views of discovery.k8s.io/v1 EndpointSlices and the full core/v1 Endpoints, as the
 * endpoint controllers write them and the service proxy and cluster DNS read them.
 */
import type { KObject } from '../types/index.js';

export interface ObjectReference { kind: string; namespace?: string; name: string; uid?: string }

export interface EndpointConditions { ready?: boolean; serving?: boolean; terminating?: boolean }

export interface SliceEndpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
  zone?: string;
}

export interface SlicePort { name?: string; port?: number; protocol?: string; appProtocol?: string }

export interface FullEndpointSlice extends KObject {
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints?: SliceEndpoint[];
  ports?: SlicePort[];
}

export interface EndpointAddress { ip: string; hostname?: string; nodeName?: string; targetRef?: ObjectReference }
export interface EndpointPort { name?: string; port: number; protocol?: string; appProtocol?: string }
export interface EndpointSubset { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports?: EndpointPort[] }
export interface FullEndpoints extends KObject { subsets?: EndpointSubset[] }

/** The labels that tie a slice to its Service and say who manages it. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
