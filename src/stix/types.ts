/**
 * Minimal STIX 2.1 types shared by the validator, the store and the TAXII layer.
 * Objects are kept as plain JSON records: the validator checks the shape, the rest
 * of the hub reads the few properties it needs.
 */

/** Any STIX 2.1 object (SDO, SRO, SCO, marking-definition, language-content, extension-definition, custom). */
export type StixObject = Record<string, unknown> & { type: string; id: string };

/** The broad classes of STIX objects the validator distinguishes. */
export type StixObjectClass =
  | 'sdo'
  | 'sro'
  | 'sco'
  | 'marking-definition'
  | 'language-content'
  | 'extension-definition'
  | 'custom';

/** What the rest of the hub needs to know about a validated object. */
export interface StixMeta {
  id: string;
  type: string;
  /** always "2.1" (SCOs without spec_version default to it) */
  specVersion: string;
  created: string | null;
  modified: string | null;
  /** versionKey(modified ?? created), or '' when the object has neither (most SCOs) */
  versionKey: string;
}

/** One problem found in one object. */
export interface StixIssue {
  /** the object's `id` when it has a string one, else null */
  objectId: string | null;
  /** JSON path such as "kill_chain_phases[0].phase_name"; "" for the whole object */
  property: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; object: Record<string, unknown>; meta: StixMeta }
  | { ok: false; errors: StixIssue[] };

export interface ValidateOptions {
  /** maximum nesting depth of objects/arrays, counting the object itself as 1 (default 64) */
  maxDepth?: number;
}
