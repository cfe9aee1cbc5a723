/**
 * OpenAPI paths of "my organization", API tokens, password links and the operator console
 * (docs/api/portal.md). Merged into OPENAPI_DOCUMENT; enumerations come from the identity
 * module's constants.
 */
import { COMMUNITY_KINDS, ORG_KINDS, ROLES, SECTORS, TIERS } from '../identity/validation.js';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from './admin-trust.js';

const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const json = (schema: Record<string, unknown>, description: string) => ({ description, content: { 'application/json': { schema } } });
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: 'object', required, properties });
const jsonBody = (schema: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema: { ...schema, additionalProperties: false } } } });
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: str, description });
const noContent = (description: string) => ({ description });

const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };
const email = { type: 'string', format: 'email' };
const date = { type: 'string', format: 'date', description: 'YYYY-MM-DD: valid through the end of that day (UTC)' };
const role = { type: 'string', enum: [...ROLES] };
const tier = { type: 'string', enum: [...TIERS], default: 'practitioner' };
const sector = { type: 'string', enum: [...SECTORS] };
const strList = { type: 'array', items: str };

const unauthorized = problemResponse('Not signed in and no valid API token');
const notOperator = problemResponse('The caller is not an operator');
const invalid = problemResponse('Invalid body; `errors` names each property');
const operatorOnly = (summary: string) => ({ summary: `Operators only: ${summary}`, tags: ['operator console'] });

const organization = obj({ slug: str, name: str, kind: { type: 'string', enum: [...ORG_KINDS] }, sector, country: nullableStr });
const token = obj({ id: str, name: str, created_at: dateTime, last_used_at: { ...nullableStr, format: 'date-time' }, revoked_at: { ...nullableStr, format: 'date-time' } });
const invited = obj({
  email,
  invite_url: { type: 'string', description: 'The portal path (/set-password/<secret>) of a one-time link valid 7 days; shown once' },
  expires_at: dateTime,
});

const standard = (ok: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ ...ok, '401': unauthorized, '403': notOperator, ...extra });

export const paths = {
  '/organization': {
    get: {
      operationId: 'getMyOrganization',
      summary: "The caller's organization: its facility approval and its members with their clearance",
      responses: {
        '200': json(obj({
          organization,
          approval: { oneOf: [obj({ approved_until: dateTime }), { type: 'null' }], description: 'null when never approved or revoked' },
          members: { type: 'array', items: obj({
            email, role, tier: { type: 'string', enum: [...TIERS] }, disabled: { type: 'boolean' },
            clearance: { oneOf: [obj({ level: { type: 'integer', enum: [1, 2, 3] }, valid_until: dateTime }), { type: 'null' }] },
          }) },
        }), 'The organization'),
        '401': unauthorized,
      },
    },
  },
  '/organization/members': {
    post: {
      operationId: 'inviteMember',
      summary: "Organization admins and operators: invite a member into the caller's organization (a one-time link, valid 7 days)",
      description: 'Organization admins may give any role but operator. The user is created without a password; the link sets it.',
      requestBody: jsonBody(obj({ email, role, tier }, ['email', 'role'])),
      responses: {
        '201': json(invited, 'Invited'),
        '401': unauthorized,
        '403': problemResponse('The caller is not an organization admin or operator, or may not give that role'),
        '409': problemResponse('A user with that email exists'),
        '422': invalid,
      },
    },
  },
  '/tokens': {
    get: {
      operationId: 'listMyTokens',
      summary: "The caller's API tokens (never their secrets)",
      responses: { '200': json(obj({ tokens: { type: 'array', items: token } }), 'The tokens, oldest first'), '401': unauthorized },
    },
    post: {
      operationId: 'createToken',
      summary: 'Create an API token; its secret is in this answer only',
      requestBody: jsonBody(obj({ name: { type: 'string', minLength: 1, maxLength: 200 } })),
      responses: { '201': json(obj({ token, secret: str }), 'Created'), '401': unauthorized, '422': invalid },
    },
  },
  '/tokens/{id}': {
    delete: {
      operationId: 'revokeToken',
      summary: 'Revoke one of the caller\'s tokens (at once; idempotent)',
      parameters: [pathParam('id', 'the token id')],
      responses: { '204': noContent('Revoked'), '401': unauthorized, '404': problemResponse('The caller has no such token') },
    },
  },
  '/password-links/{token}': {
    get: {
      operationId: 'inspectPasswordLink',
      summary: 'Who a one-time password link is for (public: the link is the credential)',
      security: [],
      parameters: [pathParam('token', 'the link secret')],
      responses: {
        '200': json(obj({ email, purpose: { type: 'string', enum: ['invite', 'reset'] }, expires_at: dateTime }), 'The link'),
        '404': problemResponse('No such link'),
        '410': problemResponse('The link was used, has expired, or its account is disabled'),
      },
    },
    post: {
      operationId: 'setPasswordByLink',
      summary: 'Set the password with a one-time link (public); ends every session of the user',
      security: [],
      parameters: [pathParam('token', 'the link secret')],
      requestBody: jsonBody(obj({ password: { type: 'string', minLength: 12, maxLength: 1024 } })),
      responses: {
        '204': noContent('Password set; the link is used up. Sign in next.'),
        '404': problemResponse('No such link'),
        '410': problemResponse('The link was used, has expired, or its account is disabled'),
        '422': problemResponse('The password is shorter than 12 characters (the link stays usable)'),
      },
    },
  },
  '/admin/organizations': {
    get: {
      operationId: 'adminListOrganizations',
      ...operatorOnly('every organization with its communities, member count and facility approval'),
      responses: standard({ '200': json(obj({ organizations: { type: 'array', items: obj({
        ...organization.properties, communities: strList, members: { type: 'integer' },
        approval: { oneOf: [obj({ approved_until: dateTime, revoked: { type: 'boolean' } }), { type: 'null' }] },
      }) } }), 'The organizations') }),
    },
    post: {
      operationId: 'adminCreateOrganization',
      ...operatorOnly('create an organization; with admin_email, invite its first org-admin'),
      requestBody: jsonBody(obj({
        slug: str, name: str, kind: { type: 'string', enum: [...ORG_KINDS] }, sector,
        country: { type: 'string', description: 'ISO 3166-1 alpha-2' }, admin_email: email,
      }, ['slug', 'name', 'kind', 'sector'])),
      responses: standard({ '201': json(obj({ organization, admin_email: email, invite_url: str }, ['organization']), 'Created (audited: org.create, user.create)') },
        { '409': problemResponse('The slug or the admin\'s email is taken'), '422': invalid }),
    },
  },
  '/admin/communities': {
    get: {
      operationId: 'adminListCommunities',
      ...operatorOnly('every community with its member organizations'),
      responses: standard({ '200': json(obj({ communities: { type: 'array', items: obj({
        slug: str, name: str, kind: { type: 'string', enum: [...COMMUNITY_KINDS] }, sector: nullableStr, members: strList,
      }) } }), 'The communities') }),
    },
    post: {
      operationId: 'adminCreateCommunity',
      ...operatorOnly('create a community (a TAXII API root with its collection)'),
      requestBody: jsonBody(obj({ slug: str, name: str, kind: { type: 'string', enum: [...COMMUNITY_KINDS] }, sector }, ['slug', 'name', 'kind'])),
      responses: standard({ '201': json(obj({ community: { type: 'object' } }), 'Created (audited: community.create)') },
        { '409': problemResponse('The slug is taken'), '422': invalid }),
    },
  },
  '/admin/communities/{slug}/members/{org}': {
    put: {
      operationId: 'adminAddCommunityMember',
      ...operatorOnly('add an organization to a community (idempotent)'),
      parameters: [pathParam('slug', 'community slug'), pathParam('org', 'organization slug')],
      responses: standard({ '204': noContent('A member (audited: community.member.add)') }, { '404': problemResponse('No such community or organization') }),
    },
    delete: {
      operationId: 'adminRemoveCommunityMember',
      ...operatorOnly('remove an organization from a community'),
      parameters: [pathParam('slug', 'community slug'), pathParam('org', 'organization slug')],
      responses: standard({ '204': noContent('Removed (audited: community.member.remove)') }, { '404': problemResponse('No such community or organization, or not a member') }),
    },
  },
  '/admin/users': {
    get: {
      operationId: 'adminListUsers',
      ...operatorOnly('every user'),
      responses: standard({ '200': json(obj({ users: { type: 'array', items: obj({ email, organization: str, role, tier: { type: 'string', enum: [...TIERS] }, disabled: { type: 'boolean' } }) } }), 'The users') }),
    },
    post: {
      operationId: 'adminCreateUser',
      ...operatorOnly('create a user and invite it (one-time link, valid 7 days)'),
      requestBody: jsonBody(obj({ email, organization: str, role, tier }, ['email', 'organization', 'role'])),
      responses: standard({ '201': json(invited, 'Invited (audited: user.create)') }, { '409': problemResponse('The email is taken'), '422': invalid }),
    },
  },
  '/admin/users/{email}': {
    patch: {
      operationId: 'adminUpdateUser',
      ...operatorOnly("change a user's role, tier or disabled flag; disabling ends its sessions and its tokens stop working"),
      parameters: [pathParam('email', "the user's email")],
      requestBody: jsonBody(obj({ role, tier: { type: 'string', enum: [...TIERS] }, disabled: { type: 'boolean' } }, [])),
      responses: standard({ '204': noContent('Changed (audited: user.update)') }, {
        '404': problemResponse('No such user'),
        '422': problemResponse('Invalid or empty change, or an operator changing its own role or disabling itself'),
      }),
    },
  },
  '/admin/clearance': {
    get: {
      operationId: 'adminListClearance',
      ...operatorOnly('facility approvals and the clearance grants not revoked'),
      responses: standard({ '200': json(obj({
        approvals: { type: 'array', items: obj({ organization: str, approved_until: dateTime, revoked_at: { ...nullableStr, format: 'date-time' } }) },
        grants: { type: 'array', items: obj({ email, level: { type: 'integer', enum: [1, 2, 3] }, valid_until: dateTime, issuer: { ...nullableStr, description: 'issuing organization; null: the hub' } }) },
      }), 'Approvals and grants') }),
    },
  },
  '/admin/clearance/approvals': {
    post: {
      operationId: 'adminApproveOrganization',
      ...operatorOnly("approve (or renew) an organization's facility approval"),
      requestBody: jsonBody(obj({ organization: str, until: date })),
      responses: standard({ '204': noContent('Approved (audited: facility.approve)') }, { '422': invalid }),
    },
  },
  '/admin/clearance/approvals/{org}': {
    delete: {
      operationId: 'adminRevokeApproval',
      ...operatorOnly("revoke an organization's facility approval"),
      parameters: [pathParam('org', 'organization slug')],
      responses: standard({ '204': noContent('Revoked (audited: facility.revoke)') }, { '404': problemResponse('No such organization, or no live approval') }),
    },
  },
  '/admin/clearance/grants': {
    post: {
      operationId: 'adminGrantClearance',
      ...operatorOnly('grant a user clearance'),
      requestBody: jsonBody(obj({ email, level: { type: 'integer', enum: [1, 2, 3] }, until: date, issuer: { type: 'string', description: 'issuing organization slug; default the hub' } }, ['email', 'level', 'until'])),
      responses: standard({ '204': noContent('Granted (audited: clearance.grant)') }, { '422': invalid }),
    },
  },
  '/admin/clearance/grants/{email}': {
    delete: {
      operationId: 'adminRevokeClearance',
      ...operatorOnly("revoke every live clearance grant of a user"),
      parameters: [pathParam('email', "the user's email")],
      responses: standard({ '204': noContent('Revoked (audited: clearance.revoke)') }, { '404': problemResponse('No such user, or no live grant') }),
    },
  },
  '/admin/terms': {
    get: {
      operationId: 'adminListTerms',
      ...operatorOnly('every terms document'),
      responses: standard({ '200': json(obj({ terms: { type: 'array', items: obj({ slug: str, title: str, sha256: str, created_at: dateTime }) } }), 'The terms') }),
    },
    post: {
      operationId: 'adminAddTerms',
      ...operatorOnly('add terms (immutable: publish changed terms under a new slug)'),
      requestBody: jsonBody(obj({ slug: str, title: str, body: { type: 'string', description: 'the text users accept (at most 1 MiB)' } })),
      responses: standard({ '201': json(obj({ slug: str, title: str, sha256: str, created_at: dateTime }), 'Added (audited: terms.add)') },
        { '409': problemResponse('The slug is taken'), '422': invalid }),
    },
  },
  '/admin/audit': {
    get: {
      operationId: 'adminReadAudit',
      ...operatorOnly('the append-only audit log, oldest first'),
      parameters: [
        { name: 'after', in: 'query', required: false, schema: { type: 'integer', minimum: 0 }, description: 'only entries after this seq (the previous page\'s next)' },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT } },
      ],
      responses: standard({ '200': json(obj({
        entries: { type: 'array', items: obj({ seq: { type: 'integer' }, at: dateTime, actor: str, action: str, subject: str, details: { type: 'object' } }) },
        next: { type: ['integer', 'null'], description: 'the `after` of the next page; null on the last page' },
      }), 'A page of entries, newest last') }, { '400': problemResponse('Invalid after or limit') }),
    },
  },
};
