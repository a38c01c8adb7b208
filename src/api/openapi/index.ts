/**
 * OpenAPI v3, generated from the resource registry: the index kubectl fetches first and one document per
 * group/version with paths (for `fieldValidation` support detection) and `components.schemas` (for
 * `kubectl explain` and client-side validation). No upstream spec files are bundled.
 */
export { openapiIndex, openapiGroupVersion } from './document.js';
export { resourcePaths } from './paths.js';
