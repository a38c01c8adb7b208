/** policy/v1 PodDisruptionBudgets; columns as kubectl's `printPodDisruptionBudget`. */
import { gvkName } from '../schema/dsl.js';
import { validatePodDisruptionBudget, type PodDisruptionBudget } from '../validation/misc.js';
import { ageColumn, col, nameColumn } from './columns.js';
import { defineResource, type AnyResourceDef } from './types.js';

const intOrString = (v: number | string | undefined) => (v === undefined ? 'N/A' : String(v));

export const podDisruptionBudgets = defineResource<PodDisruptionBudget>({
  group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', singular: 'poddisruptionbudget',
  namespaced: true, shortNames: ['pdb'],
  schema: gvkName('policy', 'v1', 'PodDisruptionBudget'), subresources: { status: true }, validate: validatePodDisruptionBudget,
  columns: [
    nameColumn,
    col('Min Available', (o) => intOrString(o.spec?.minAvailable), { description: 'The minimum number of pods that must be available.' }),
    col('Max Unavailable', (o) => intOrString(o.spec?.maxUnavailable), { description: 'The maximum number of pods that may be unavailable.' }),
    col('Allowed Disruptions', (o) => o.status?.disruptionsAllowed ?? 0, { type: 'integer', description: 'Calculated number of pods that may be disrupted at this time.' }),
    ageColumn,
  ],
});

export const policyResources: AnyResourceDef[] = [podDisruptionBudgets];
