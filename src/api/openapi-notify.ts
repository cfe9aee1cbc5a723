/**
 * OpenAPI paths of delivery (docs/notify.md): subscriptions, webhooks, the one-click unsubscribe
 * and the operators' outbox view (src/api/subscriptions.ts). Merged into OPENAPI_DOCUMENT;
 * enumerations come from the policy's and the input checks' own constants.
 */
import { SECTORS, TIERS } from '../identity/validation.js';
import { INFO_TYPES, PURPOSES, TIMINGS } from '../policy/envelope.js';
import { TLP_ORDER } from '../stix/markings.js';
import {
  DELIVERY_MODES, LANGUAGES, MAX_KEYWORD_LENGTH, MAX_KEYWORDS, NOTIFY_CHANNELS,
} from '../notify/subscription-input.js';
import { OUTBOX_PAGE_DEFAULT, OUTBOX_PAGE_MAX } from './subscriptions.js';

const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const json = (schema: Record<string, unknown>, description: string) => ({ description, content: { 'application/json': { schema } } });
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: 'object', required, properties });
const jsonBody = (schema: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema: { ...schema, additionalProperties: false } } } });
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });

const str = { type: 'string' };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const enumList = (values: readonly string[], description: string) => ({ type: 'array', items: { type: 'string', enum: [...values] }, uniqueItems: true, description });

const unauthorized = problemResponse('Not signed in and no valid API token');
const invalid = problemResponse('Invalid body; `errors` names each property');
const notManager = problemResponse("The caller is not an admin of its organization (nor an operator)");

const filters = {
  type: 'object',
  additionalProperties: false,
  description: 'Every filter narrows (AND); a list matches any of its values; an empty or absent list matches anything.',
  properties: {
    info_types: enumList(INFO_TYPES, 'What (info type)'),
    purposes: enumList(PURPOSES, 'Why (any of the purposes)'),
    tiers: enumList(TIERS, 'Who (any of the tiers the item is written for)'),
    timings: enumList(TIMINGS, 'When'),
    communities: { type: 'array', items: str, description: "Where: slugs of communities the caller's organization belongs to; the item must be addressed to one" },
    sectors: enumList(SECTORS, 'Sectors of the audience communities'),
    types: { type: 'array', items: str, maxItems: 100, description: 'STIX types, e.g. indicator, malware, vulnerability' },
    tlps: enumList(TLP_ORDER, 'TLP levels'),
    keywords: {
      type: 'array', maxItems: MAX_KEYWORDS, items: { type: 'string', minLength: 1, maxLength: MAX_KEYWORD_LENGTH },
      description: 'Any one found in the item\'s text (names, descriptions, patterns, values), case-insensitive; stored lower-cased',
    },
  },
};

const fields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  filters,
  delivery: {
    type: 'string', enum: [...DELIVERY_MODES], default: 'immediate',
    description: 'immediate, or a daily or weekly digest. Flash items always go at once, whatever the delivery.',
  },
  channels: { ...enumList(NOTIFY_CHANNELS, "How: email, webhook (an organization's subscriptions only), stream"), minItems: 1, default: ['email'] },
  webhook: { type: ['string', 'null'], description: "With the webhook channel: the id of one of the organization's webhooks" },
  email: {
    type: ['string', 'null'], format: 'email',
    description: "An organization's subscription: the team address (required with the email channel). A person's goes to the person: none.",
  },
  language: { type: 'string', enum: [...LANGUAGES], description: "Default: ja, or en when the organization's country is not JP" },
};

const subscription = obj({
  id: str,
  owner: { type: 'string', enum: ['user', 'organization'] },
  ...fields,
  filters: { ...filters, required: Object.keys(filters.properties) },
  active: { ...bool, description: 'false once unsubscribed or paused' },
  created_at: dateTime,
  disabled_at: nullableDateTime,
});

const webhook = obj({
  id: str,
  url: { type: 'string', format: 'uri' },
  created_at: dateTime,
  active: bool,
  consecutive_failures: int,
  disabled_at: nullableDateTime,
  disabled_reason: { type: ['string', 'null'], description: 'why deliveries stopped (the last failure), once disabled' },
});

const subscriptionAnswer = (description: string) => json(obj({ subscription }), description);
const notFound = problemResponse('The caller has no such subscription (another user\'s is not found either)');

export const paths = {
  '/subscriptions': {
    get: {
      operationId: 'listSubscriptions',
      summary: "The caller's subscriptions, and its organization's when the caller is one of its admins",
      responses: { '200': json(obj({ subscriptions: { type: 'array', items: subscription } }), 'Own first, then the organization\'s; oldest first'), '401': unauthorized },
    },
    post: {
      operationId: 'createSubscription',
      summary: 'Subscribe: owner user (the caller) or organization (its admins)',
      requestBody: jsonBody(obj({ owner: { type: 'string', enum: ['user', 'organization'], default: 'user' }, ...fields }, ['name'])),
      responses: {
        '201': subscriptionAnswer('Created'),
        '401': unauthorized,
        '403': problemResponse("owner organization, and the caller is not an admin of its organization"),
        '422': invalid,
      },
    },
  },
  '/subscriptions/{id}': {
    patch: {
      operationId: 'updateSubscription',
      summary: 'Change a subscription: the properties given; each given filter replaces that filter; active pauses or resumes it',
      parameters: [pathParam('id', 'the subscription id')],
      requestBody: jsonBody(obj({ ...fields, active: bool }, [])),
      responses: { '200': subscriptionAnswer('Changed'), '401': unauthorized, '404': notFound, '422': invalid },
    },
    delete: {
      operationId: 'deleteSubscription',
      summary: 'Delete a subscription (and whatever it still had queued)',
      parameters: [pathParam('id', 'the subscription id')],
      responses: { '204': { description: 'Deleted' }, '401': unauthorized, '404': notFound },
    },
  },
  '/webhooks': {
    get: {
      operationId: 'listWebhooks',
      summary: "Organization admins (operators, for their own): the organization's webhooks and how their deliveries fare",
      responses: { '200': json(obj({ webhooks: { type: 'array', items: webhook } }), 'Oldest first; secrets are never shown again'), '401': unauthorized, '403': notManager },
    },
    post: {
      operationId: 'createWebhook',
      summary: 'Register a webhook; its signing secret is in this answer only',
      description:
        'The hub POSTs JSON to the URL (https; plain http only to a loopback address) and signs each request with the secret '
        + '(HMAC-SHA256, key = the secret text as UTF-8), stored encrypted with the hub key. After repeated failures '
        + '(KYOJO_WEBHOOK_DISABLE_AFTER) it is disabled, with the reason.',
      requestBody: jsonBody(obj({ url: { type: 'string', format: 'uri', maxLength: 2000 } })),
      responses: {
        '201': json(obj({ webhook, secret: { type: 'string', pattern: '^whsec_[A-Za-z0-9_-]{43}$', description: 'shown once' } }), 'Created'),
        '401': unauthorized,
        '403': notManager,
        '422': invalid,
      },
    },
  },
  '/webhooks/{id}': {
    delete: {
      operationId: 'deleteWebhook',
      summary: 'Remove a webhook; subscriptions that used it deliver by their other channels',
      parameters: [pathParam('id', 'the webhook id')],
      responses: { '204': { description: 'Deleted' }, '401': unauthorized, '403': notManager, '404': problemResponse('The organization has no such webhook') },
    },
  },
  '/unsubscribe/{token}': {
    get: {
      operationId: 'inspectUnsubscribeLink',
      summary: 'What an unsubscribe link (List-Unsubscribe) does (public: the link is the credential); changes nothing',
      security: [],
      parameters: [pathParam('token', 'the token of the link')],
      responses: {
        '200': json(obj({
          subscription: obj({ name: str, active: bool }),
          unsubscribe: obj({ method: { const: 'POST' }, content_type: str, body: str }),
        }), 'The subscription the link stops, and how to stop it'),
        '404': problemResponse('Not a valid link, or its subscription was deleted'),
      },
    },
    post: {
      operationId: 'unsubscribe',
      summary: 'One-click unsubscribe (RFC 8058; public): the subscription is disabled',
      security: [],
      parameters: [pathParam('token', 'the token of the link')],
      requestBody: {
        required: false,
        content: {
          'application/x-www-form-urlencoded': { schema: obj({ 'List-Unsubscribe': { const: 'One-Click' } }) },
          'application/json': { schema: { type: 'object' } },
        },
      },
      responses: {
        '200': json(obj({ unsubscribed: { const: true }, subscription: obj({ name: str, active: { const: false } }) }), 'Unsubscribed (also when it already was)'),
        '404': problemResponse('Not a valid link, or its subscription was deleted'),
        '422': problemResponse('A form body other than List-Unsubscribe=One-Click'),
      },
    },
  },
  '/admin/outbox': {
    get: {
      operationId: 'adminOutbox',
      summary: 'Operators only: messages by status, and the problems (failed for good, or retrying after an error), newest first',
      tags: ['operator console'],
      parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: OUTBOX_PAGE_MAX, default: OUTBOX_PAGE_DEFAULT } }],
      responses: {
        '200': json(obj({
          counts: obj({ pending: int, sending: int, sent: int, failed: int }),
          problems: { type: 'array', items: obj({
            id: str, channel: { type: 'string', enum: ['email', 'webhook'] }, recipient: { ...str, description: 'email address or webhook id' },
            subscription: str, status: { type: 'string', enum: ['pending', 'sending', 'failed'] }, attempts: int, items: int,
            created_at: dateTime, next_attempt_at: nullableDateTime, last_error: { type: ['string', 'null'] },
          }) },
        }), 'The outbox'),
        '401': unauthorized,
        '403': problemResponse('The caller is not an operator'),
        '422': problemResponse('limit out of range'),
      },
    },
  },
};
