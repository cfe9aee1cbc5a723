/** Public surface of the STIX 2.1 module. */
export type {
  StixIssue, StixMeta, StixObject, StixObjectClass, ValidateOptions, ValidationResult,
} from './types.js';
export {
  formatMicros, isStixTimestamp, parseTimestampMicros, versionKey, versionKeyToTimestamp,
} from './timestamps.js';
export { idType, isIdOfType, isStixId, isStixTypeName, newStixId } from './ids.js';
export { canonicalJson } from './canonical.js';
export { classifyType, formatIssue, validateStixObject } from './validate.js';
export { parseStixInput, readStixFile, StixInputError } from './bundle.js';
