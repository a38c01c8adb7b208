/** Every built-in resource and schema Kite serves, in discovery order (core first). */
import type { SchemaSet } from '../schema/types.js';
import { apiextensionsSchemas } from '../schema/defs/apiextensions.js';
import { appsSchemas } from '../schema/defs/apps.js';
import { authenticationSchemas } from '../schema/defs/authentication.js';
import { authorizationSchemas } from '../schema/defs/authorization.js';
import { autoscalingSchemas } from '../schema/defs/autoscaling.js';
import { batchSchemas } from '../schema/defs/batch.js';
import { certificatesSchemas } from '../schema/defs/certificates.js';
import { coordinationSchemas } from '../schema/defs/coordination.js';
import { coreSchemas } from '../schema/defs/core.js';
import { discoverySchemas } from '../schema/defs/discovery.js';
import { eventsSchemas } from '../schema/defs/events.js';
import { metaSchemas } from '../schema/defs/meta.js';
import { policySchemas } from '../schema/defs/policy.js';
import { rbacSchemas } from '../schema/defs/rbac.js';
import { storageSchemas } from '../schema/defs/storage.js';
import { apiextensionsResources } from './apiextensions.js';
import { appsResources } from './apps.js';
import { authResources } from './auth.js';
import { batchResources } from './batch.js';
import { certificatesResources } from './certificates.js';
import { coordinationResources } from './coordination.js';
import { coreResources } from './core.js';
import { discoveryResources } from './discovery.js';
import { eventsResources } from './events.js';
import { policyResources } from './policy.js';
import { rbacResources } from './rbac.js';
import { metricsResources, metricsSchemas } from './metrics.js';
import { storageResources } from './storage.js';
import type { AnyResourceDef } from './types.js';

export const builtinResources: AnyResourceDef[] = [
  ...coreResources, ...appsResources, ...batchResources, ...coordinationResources, ...discoveryResources,
  ...eventsResources, ...rbacResources, ...storageResources, ...policyResources, ...apiextensionsResources, ...authResources,
  ...certificatesResources,
  ...metricsResources,
];

export const builtinSchemas: SchemaSet = {
  ...metaSchemas, ...coreSchemas, ...appsSchemas, ...batchSchemas, ...coordinationSchemas, ...discoverySchemas,
  ...eventsSchemas, ...rbacSchemas, ...storageSchemas, ...policySchemas, ...apiextensionsSchemas,
  ...authorizationSchemas, ...authenticationSchemas, ...autoscalingSchemas, ...certificatesSchemas,
  ...metricsSchemas,
};
