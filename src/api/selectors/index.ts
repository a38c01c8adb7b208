/**
 * Label and field selectors: parsing (query strings and metav1.LabelSelector), matching and printing.
 * Errors are 400 BadRequest `Status` values with upstream's wording, since kubectl shows them as-is.
 */
export { parseLabelSelector, matchLabels, labelSelectorFromObject, selectorToString } from './label.js';
export type { LabelSelectorReq, LabelOperator, LabelSelectorObject } from './label.js';
export { parseFieldSelector, matchFields } from './field.js';
export type { FieldReq } from './field.js';
