/**
 * OpenAPI paths of the routes the portal reads and publishes through (docs/api/portal.md):
 * sign-in, search, home, the object page, STIX export and publishing. Merged into
 * OPENAPI_DOCUMENT; enumerations come from the policy's constants.
 */
import { TIERS } from '../identity/validation.js';
import { INFO_TYPES, PURPOSES, TIMINGS, TLP_ORDER } from '../policy/envelope.js';

const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const json = (schema: Record<string, unknown>, description: string) => ({ description, content: { 'application/json': { schema } } });
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: 'object', required, properties });
const str = { type: 'string' };
const strList = { type: 'array', items: str };
const unauthorized = problemResponse('Not signed in and no valid API token');

const summary = obj({
  id: str, type: str, label: str,
  description: { type: ['string', 'null'] },
  tlp: { type: 'string', enum: [...TLP_ORDER] },
  classification: { type: ['object', 'null'] },
  created: { type: ['string', 'null'] }, modified: { type: ['string', 'null'] },
  date_added: { type: 'string', format: 'date-time' },
  provider: { type: ['object', 'null'], description: 'null whenever attribution is hidden from the caller' },
});
const me = { type: 'object', description: 'The caller, as GET /me answers' };
const draft = obj({
  report: obj({ name: str, description: str, report_types: strList }, ['name']),
  iocs: { type: 'string', description: 'free text; IOCs are recognised as by POST /ioc/parse' },
  indicator_valid_days: { type: 'integer', minimum: 1, maximum: 3650 },
  envelope: { type: 'object', description: 'the sharing envelope (DESIGN.md wire form), as POST /shares takes it' },
}, ['report', 'envelope']);
const jsonBody = (schema: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: str, description: 'a STIX identifier' };
const versionParam = { name: 'version', in: 'query', required: false, schema: str, description: 'a version (its modified timestamp); default the latest' };
const listQuery = (name: string, values?: readonly string[]) => ({
  name, in: 'query', required: false, schema: values ? { type: 'string', enum: [...values] } : str, description: 'repeat or comma-separate for several',
});

export const PORTAL_PATHS = {
  '/session': {
    get: { operationId: 'getSession', summary: 'The signed-in caller and its CSRF token', responses: { '200': json(obj({ user: me, csrf_token: { type: ['string', 'null'] } }), 'Signed in'), '401': unauthorized } },
    post: {
      operationId: 'signIn',
      summary: 'Sign in with email and password: sets the HttpOnly session cookie',
      security: [],
      requestBody: jsonBody(obj({ email: str, password: str })),
      responses: {
        '200': json(obj({ user: me, csrf_token: str }), 'Signed in; send csrf_token as X-CSRF-Token on every cookie-authenticated write'),
        '401': problemResponse('Wrong email or password'),
        '415': problemResponse('Not JSON'),
        '422': problemResponse('Email or password missing'),
        '429': problemResponse('Too many failed attempts; see Retry-After'),
      },
    },
    delete: { operationId: 'signOut', summary: 'Sign out (this session)', responses: { '204': { description: 'Signed out' }, '401': unauthorized } },
  },
  '/session/sign-out-everywhere': {
    post: { operationId: 'signOutEverywhere', summary: "End every session of the caller", responses: { '204': { description: 'Every session ended' }, '401': unauthorized } },
  },
  '/search': {
    get: {
      operationId: 'search',
      summary: 'Full-text and filtered search over the latest versions the caller may see, newest first',
      parameters: [
        { name: 'q', in: 'query', required: false, schema: str, description: 'every term must occur (case-insensitive substring)' },
        listQuery('type'), listQuery('tlp', TLP_ORDER), listQuery('info_type', INFO_TYPES), listQuery('purpose', PURPOSES),
        listQuery('tier', TIERS), listQuery('timing', TIMINGS), listQuery('community'), listQuery('sector'),
        { name: 'from', in: 'query', required: false, schema: str, description: 'added at or after (date or timestamp)' },
        { name: 'to', in: 'query', required: false, schema: str, description: 'added before (a date includes that day)' },
        { name: 'cursor', in: 'query', required: false, schema: str, description: 'the previous page\'s next' },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } },
      ],
      responses: { '200': json(obj({ items: { type: 'array', items: summary }, next: { type: ['string', 'null'] } }), 'A page'), '400': problemResponse('Invalid parameters'), '401': unauthorized },
    },
  },
  '/home': {
    get: {
      operationId: 'home',
      summary: "What is new for the caller (last 30 days): flash first, then the caller's tier",
      responses: { '200': json(obj({ items: { type: 'array', items: summary }, counts: { type: 'object' }, since: str, communities: { type: 'array' } }), 'The home page'), '401': unauthorized },
    },
  },
  '/objects/{id}': {
    get: {
      operationId: 'getObject',
      summary: 'One object as the caller may see it: the STIX, its summary, versions and visible relationships',
      parameters: [idParam, versionParam],
      responses: {
        '200': json(obj({ object: { type: 'object' }, summary, versions: { type: 'array' }, relationships: { type: 'array' }, ends: { type: 'array' } }), 'The object'),
        '400': problemResponse('Not a STIX id or version'), '401': unauthorized, '404': problemResponse('No such object that the caller may see'),
      },
    },
  },
  '/objects/{id}/bundle': {
    get: {
      operationId: 'exportObject',
      summary: 'The object as a STIX 2.1 bundle download',
      parameters: [idParam, versionParam],
      responses: {
        '200': { description: 'A bundle', content: { 'application/stix+json;version=2.1': { schema: { type: 'object' } } } },
        '401': unauthorized, '404': problemResponse('No such object that the caller may see'),
      },
    },
  },
  '/publish/options': {
    get: { operationId: 'publishOptions', summary: 'Communities, organizations, terms and enumerations a publisher chooses from', responses: { '200': json({ type: 'object' }, 'The options'), '401': unauthorized } },
  },
  '/ioc/parse': {
    post: {
      operationId: 'parseIocs',
      summary: 'Recognise IOCs in free text, defanged forms included',
      requestBody: jsonBody(obj({ text: str })),
      responses: { '200': json(obj({ items: { type: 'array' }, ignored: { type: 'array' } }), 'What was recognised'), '401': unauthorized, '422': problemResponse('No text, or too long') },
    },
  },
  '/publish/preview': {
    post: {
      operationId: 'previewPublication',
      summary: 'The STIX objects a draft becomes and who would receive them; nothing is stored',
      requestBody: jsonBody(draft),
      responses: { '200': json(obj({ objects: { type: 'array' }, audience: { type: ['object', 'null'] }, errors: { type: 'array' } }), 'The preview'), '401': unauthorized, '403': problemResponse('Readers may not publish') },
    },
  },
  '/publish': {
    post: {
      operationId: 'publish',
      summary: 'Publish a draft: a report with its indicators and observables, under one envelope',
      requestBody: jsonBody(draft),
      responses: {
        '200': json(obj({ report_id: { type: ['string', 'null'] }, stored: { type: 'array' }, refused: { type: 'array' } }), 'Stored and refused objects'),
        '401': unauthorized, '403': problemResponse('Readers may not publish'), '415': problemResponse('Not JSON'), '422': problemResponse('Invalid draft or envelope; nothing stored'),
      },
    },
  },
} as const;
