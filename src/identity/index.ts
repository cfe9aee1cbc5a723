export { IdentityService } from './service.js';
export type { NewCommunity, NewOrganization, NewUser } from './service.js';
export type { Principal } from './principal.js';
export { IdentityInputError, ORG_KINDS, COMMUNITY_KINDS, ROLES, TIERS, SECTORS } from './validation.js';
export { hashTokenSecret, generateTokenSecret } from './tokens.js';
export { TrustService, CLI_ACTOR, userActor, endOfDayUtc, checkLevel, MAX_TERMS_BYTES } from './trust.js';
export type { AuditActor } from './trust.js';
