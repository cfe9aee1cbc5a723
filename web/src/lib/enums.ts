/** Fixed vocabularies of the hub (DESIGN.md); labels come from the i18n files. */
export const PURPOSES = ['prevention', 'detection', 'response', 'recovery', 'awareness', 'policy'] as const;
export const INFO_TYPES = ['best-practice', 'vulnerability', 'analysis', 'threat', 'incident'] as const;
export const TIERS = ['executive', 'manager', 'practitioner'] as const;
export const TIMINGS = ['flash', 'routine', 'periodic'] as const;
export const CHANNELS = ['portal', 'email', 'api', 'stream'] as const;
export const ATTRIBUTIONS = ['public', 'operators', 'none'] as const;
export const ROLES = ['operator', 'org-admin', 'analyst', 'reader'] as const;
export const ORG_KINDS = ['company', 'sme', 'government', 'isac', 'vendor', 'research'] as const;
export const COMMUNITY_KINDS = ['isac', 'isao', 'supply-chain', 'government', 'international'] as const;
export const SECTORS = [
  'finance', 'ict', 'energy', 'transport', 'healthcare', 'manufacturing', 'automotive',
  'water', 'government', 'telecom', 'chemical', 'logistics', 'retail', 'education', 'other',
] as const;

/** STIX 2.1 types a search can filter on: domain objects first, then the usual observables. */
export const STIX_TYPES = [
  'indicator', 'malware', 'report', 'vulnerability', 'attack-pattern', 'threat-actor', 'intrusion-set',
  'campaign', 'infrastructure', 'tool', 'course-of-action', 'incident', 'identity', 'location', 'note',
  'opinion', 'grouping', 'observed-data', 'malware-analysis', 'relationship', 'sighting',
  'ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'file',
] as const;

/** Roles that may publish. */
export const PUBLISHING_ROLES: readonly string[] = ['operator', 'org-admin', 'analyst'];
