export { IdentityService } from './service.js';
export type { NewCommunity, NewOrganization, NewUser } from './service.js';
export type { Principal } from './principal.js';
export { IdentityInputError, ORG_KINDS, COMMUNITY_KINDS, ROLES, TIERS, SECTORS } from './validation.js';
export { hashTokenSecret, generateTokenSecret } from './tokens.js';
