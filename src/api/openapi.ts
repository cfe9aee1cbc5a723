/**
 * The REST API's OpenAPI 3.1 description, written by hand and served (without
 * authentication) at GET /api/v1/openapi.json. Enumerations come from the policy's own
 * constants, so the document cannot drift from what the hub accepts. A test checks that
 * every route the API plugin registers is described here.
 */
import { SECTORS, TIERS } from '../identity/validation.js';
import { PORTAL_PATHS } from './openapi-portal.js';
import { paths as PORTAL_ADMIN_PATHS } from './openapi-portal-admin.js';
import { paths as PEERS_PATHS } from './openapi-peers.js';
import { paths as NOTIFY_PATHS } from './openapi-notify.js';
import { paths as MATCH_PATHS } from './openapi-match.js';
import { paths as STREAM_PATHS } from './openapi-stream.js';
import { paths as SUPPLY_PATHS } from './openapi-supply.js';
import { boardReportPaths as BOARD_REPORT_PATHS, paths as POSTURE_PATHS, surveyPaths as SURVEY_PATHS } from './openapi-posture.js';
import { paths as DESK_PATHS } from './openapi-desk.js';
import { ATTRIBUTIONS, CHANNELS, INFO_TYPES, MAX_LIST, PURPOSES, TIMINGS, TLP_ORDER } from '../policy/envelope.js';

/** Where the plugin serves the document (relative to /api/v1). */
export const OPENAPI_PATH = '/openapi.json';

const list = (items: Record<string, unknown>, description: string) => ({ type: 'array', items, maxItems: MAX_LIST, description });

const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });

const community = {
  type: 'object',
  required: ['slug', 'name', 'kind', 'sector', 'api_root'],
  properties: {
    slug: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    sector: { type: 'string' },
    api_root: { type: 'string', description: "The community's TAXII 2.1 API root, e.g. /taxii2/fin-isac/" },
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Kyojo REST API',
    version: '1',
    description:
      'The REST API of a Kyojo STIX/TAXII threat-sharing hub. Errors are RFC 9457 problem details '
      + '(application/problem+json). TAXII 2.1 is served separately under /taxii2/.',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }, { basic: [] }, { session: [] }],
  paths: {
    ...PORTAL_PATHS,
    ...PORTAL_ADMIN_PATHS,
    ...PEERS_PATHS,
    ...NOTIFY_PATHS,
    ...MATCH_PATHS,
    ...STREAM_PATHS,
    ...SUPPLY_PATHS,
    ...POSTURE_PATHS,
    ...SURVEY_PATHS,
    ...BOARD_REPORT_PATHS,
    ...DESK_PATHS,
    '/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        security: [],
        responses: { '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/me': {
      get: {
        operationId: 'getMe',
        summary: 'The caller, its organization and its communities',
        responses: {
          '200': {
            description: 'The caller',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['email', 'role', 'tier', 'organization', 'communities'],
                  properties: {
                    email: { type: 'string', format: 'email' },
                    role: { type: 'string', enum: ['operator', 'org-admin', 'analyst', 'reader'] },
                    tier: { type: 'string', enum: [...TIERS] },
                    organization: {
                      type: 'object',
                      properties: { slug: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, sector: { type: 'string' }, country: { type: 'string' } },
                    },
                    communities: { type: 'array', items: community },
                  },
                },
              },
            },
          },
          '401': problemResponse('No valid API token'),
        },
      },
    },
    '/communities': {
      get: {
        operationId: 'listCommunities',
        summary: "The communities the caller belongs to (operators: all)",
        responses: {
          '200': {
            description: 'The communities',
            content: { 'application/json': { schema: { type: 'object', required: ['communities'], properties: { communities: { type: 'array', items: community } } } } },
          },
          '401': problemResponse('No valid API token'),
        },
      },
    },
    '/terms': {
      get: {
        operationId: 'listTerms',
        summary: 'Terms that shared information can require, with when the caller accepted each',
        responses: {
          '200': {
            description: 'Every terms document; accepted_at is null when the caller has not accepted it',
            content: { 'application/json': { schema: { type: 'object', required: ['terms'], properties: { terms: { type: 'array', items: {
              type: 'object',
              required: ['slug', 'title', 'body', 'sha256', 'created_at', 'accepted_at'],
              properties: {
                slug: { type: 'string' }, title: { type: 'string' }, body: { type: 'string' },
                sha256: { type: 'string', description: 'hex SHA-256 of the UTF-8 body: what exactly is accepted' },
                created_at: { type: 'string', format: 'date-time' },
                accepted_at: { type: ['string', 'null'], format: 'date-time' },
              },
            } } } } } },
          },
          '401': problemResponse('No valid API token'),
        },
      },
    },
    '/terms/{slug}/accept': {
      post: {
        operationId: 'acceptTerms',
        summary: 'Accept terms (idempotent; the first acceptance time is kept)',
        parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'Accepted',
            content: { 'application/json': { schema: { type: 'object', required: ['slug', 'sha256', 'accepted_at', 'newly_accepted'], properties: {
              slug: { type: 'string' }, sha256: { type: 'string' },
              accepted_at: { type: 'string', format: 'date-time' },
              newly_accepted: { type: 'boolean', description: 'false when the caller had already accepted them' },
            } } } },
          },
          '401': problemResponse('No valid API token'),
          '404': problemResponse('No such terms'),
        },
      },
    },
    '/objects/{id}/provider': {
      get: {
        operationId: 'lookUpProvider',
        summary: 'Operators only: who provided an object (its latest version); every look is audited',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'a STIX identifier' }],
        responses: {
          '200': {
            description: 'The provider, whatever the attribution; the look is in the audit log (provider.lookup)',
            content: { 'application/json': { schema: { type: 'object', required: ['id', 'attribution', 'provider'], properties: {
              id: { type: 'string' },
              attribution: { type: 'string', enum: ['public', 'operators', 'none'] },
              provider: { type: 'object', properties: {
                organization: { type: ['object', 'null'], properties: { slug: { type: 'string' }, name: { type: 'string' } } },
                user: { type: ['string', 'null'], description: 'the publishing user\'s email' },
              } },
            } } } },
          },
          '400': problemResponse('Not a STIX identifier'),
          '401': problemResponse('No valid API token'),
          '403': problemResponse('The caller is not an operator'),
          '404': problemResponse('No such object'),
        },
      },
    },
    '/shares': {
      post: {
        operationId: 'share',
        summary: 'Share STIX 2.1 objects with one sharing envelope',
        description:
          'Validates each object, applies the envelope to it, asks the policy and stores the admitted ones '
          + 'hub-wide; each object is stored or refused on its own (the answer is 200 either way). The envelope '
          + "replaces what the objects' markings and Kyojo extensions would say: its tlp becomes each object's "
          + 'TLP 2.0 marking, and an object marked with a stricter TLP than the envelope\'s is refused, as is one '
          + 'carrying the Kyojo sharing extension. Without `audience`, the audience is the caller\'s organization\'s '
          + 'community when it belongs to exactly one; otherwise `audience` is required. An invalid envelope stores '
          + 'nothing (422 with every error by property). Readers may not share (403).',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ShareRequest' } } },
        },
        responses: {
          '200': { description: 'Each object, stored or refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/ShareResult' } } } },
          '400': problemResponse('Malformed JSON'),
          '401': problemResponse('No valid API token'),
          '403': problemResponse('The caller is a reader'),
          '413': problemResponse('The body exceeds the hub\'s limit (KYOJO_BODY_LIMIT)'),
          '415': problemResponse('The body is not application/json'),
          '422': problemResponse('Not a share (no objects, an empty list) or an invalid envelope; `errors` names each property'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'An API token: Authorization: Bearer TOKEN' },
      basic: { type: 'http', scheme: 'basic', description: 'Basic with EMAIL:TOKEN (the user\'s email as user name, an API token as password)' },
      session: { type: 'apiKey', in: 'cookie', name: 'kyojo_session', description: 'The portal session from POST /session; writes also need the X-CSRF-Token header' },
    },
    schemas: {
      Problem: {
        type: 'object',
        description: 'RFC 9457 problem details',
        required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string', default: 'about:blank' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['property', 'message'],
              properties: {
                property: { type: 'string', description: 'e.g. envelope.audience.communities[0]' },
                message: { type: 'string' },
              },
            },
          },
        },
      },
      ShareRequest: {
        type: 'object',
        required: ['objects', 'envelope'],
        additionalProperties: false,
        properties: {
          objects: { type: 'array', minItems: 1, items: { type: 'object', description: 'A STIX 2.1 object' } },
          envelope: { $ref: '#/components/schemas/Envelope' },
        },
      },
      Envelope: {
        type: 'object',
        description:
          'The sharing envelope (every field but tlp may be omitted). TLP bounds the audience: only clear may be '
          + 'public; up to amber may go to communities; up to amber+strict to organizations; red only to named users.',
        required: ['tlp'],
        additionalProperties: false,
        properties: {
          tlp: { type: 'string', enum: [...TLP_ORDER], description: 'FIRST TLP 2.0' },
          audience: {
            type: 'object',
            additionalProperties: false,
            description:
              "Who receives it; any entry suffices. Default: the caller's organization's community when it belongs to "
              + 'exactly one (otherwise required). An empty audience means the provider\'s organization only.',
            properties: {
              public: { type: 'boolean', default: false },
              communities: list({ type: 'string' }, 'community slugs'),
              organizations: list({ type: 'string' }, 'organization slugs'),
              users: list({ type: 'string', format: 'email' }, "users' email addresses"),
            },
          },
          min_clearance: {
            oneOf: [{ type: 'integer', enum: [0, 1, 2, 3] }, { type: 'string', enum: ['none'] }, { type: 'null' }],
            default: 'none',
            description: 'Only users holding a valid grant at or above it, in an organization with a valid facility approval',
          },
          conditions: {
            type: 'object',
            additionalProperties: false,
            properties: {
              terms: list({ type: 'string' }, 'slugs of terms every receiving user must have accepted'),
              sectors: list({ type: 'string', enum: [...SECTORS] }, "allowed sectors of the receiving organization (empty: any)"),
            },
          },
          attribution: {
            type: 'string',
            enum: [...ATTRIBUTIONS],
            default: 'public',
            description: 'Whether recipients learn who provided it; none = anonymous through the hub',
          },
          classification: {
            type: 'object',
            additionalProperties: false,
            description: '5W1H classification; travels with the object as the Kyojo classification extension',
            properties: {
              purpose: list({ type: 'string', enum: [...PURPOSES] }, 'Why'),
              info_type: { type: ['string', 'null'], enum: [...INFO_TYPES, null], default: null, description: 'What' },
              tier: list({ type: 'string', enum: [...TIERS] }, 'Who: whose desk it is written for'),
              timing: { type: ['string', 'null'], enum: [...TIMINGS, null], default: null, description: 'When' },
              embargo_until: { type: ['string', 'null'], format: 'date-time', default: null, description: 'STIX timestamp; until then only the provider\'s organization sees it' },
              channels: {
                type: 'array', items: { type: 'string', enum: [...CHANNELS] }, minItems: 1, default: [...CHANNELS],
                description: 'How: which channels may carry it (default: all four)',
              },
            },
          },
        },
      },
      ShareResult: {
        type: 'object',
        required: ['stored', 'refused'],
        properties: {
          stored: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'version', 'outcome'],
              properties: {
                id: { type: 'string' },
                version: { type: 'string', description: 'the version (modified, else created), normalised' },
                outcome: { type: 'string', enum: ['added', 'identical', 'replaced'] },
              },
            },
          },
          refused: {
            type: 'array',
            items: {
              type: 'object',
              required: ['index', 'id', 'reason'],
              properties: {
                index: { type: 'integer', description: 'position in objects' },
                id: { type: ['string', 'null'] },
                reason: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
} as const;
