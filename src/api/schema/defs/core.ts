/**
 * All core/v1 ("" group) schemas, keyed by component name (`io.k8s.api.core.v1.<Kind>`).
 * Split by concern into core-*.ts; this module only merges them.
 */
import type { SchemaSet } from '../types.js';
import { containerSchemas } from './core-container.js';
import { miscSchemas } from './core-misc.js';
import { nodeSchemas } from './core-node.js';
import { podSchemas } from './core-pod.js';
import { podStatusSchemas } from './core-podstatus.js';
import { schedulingSchemas } from './core-scheduling.js';
import { serviceSchemas } from './core-service.js';
import { storageSchemas } from './core-storage.js';
import { volumeSchemas } from './core-volume.js';

export const coreSchemas: SchemaSet = {
  ...containerSchemas, ...volumeSchemas, ...schedulingSchemas, ...podSchemas, ...podStatusSchemas,
  ...nodeSchemas, ...serviceSchemas, ...miscSchemas, ...storageSchemas,
};
