/**
 * OpenAPI paths of early warning: matching observables (POST /match), reporting sightings
 * (POST /sightings) and the provider's sighting summary (GET /sightings/summary). Merged into
 * OPENAPI_DOCUMENT.
 */
import { MIN_ORGANIZATIONS } from '../match/system.js';

const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const json = (schema: Record<string, unknown>, description: string) => ({ description, content: { 'application/json': { schema } } });
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: 'object', required, properties });
const str = { type: 'string' };
const nullable = (s: Record<string, unknown>) => ({ oneOf: [s, { type: 'null' }] });
const dateTime = { type: 'string', format: 'date-time' };

const OBSERVABLE_TYPES = ['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'file'];
const observable = obj({
  type: { type: 'string', description: `${OBSERVABLE_TYPES.join(', ')} (file: a hash as value); also ip, domain, hostname, email, md5, sha1, sha256, hash, auto (detected from the value)` },
  value: { type: 'string', maxLength: 2048 },
});
const observableOut = { ...obj({ type: { type: 'string', enum: OBSERVABLE_TYPES }, value: str, algorithm: str }, ['type', 'value']) };
const summary = obj({
  id: str, type: str, label: str, description: nullable(str), tlp: str, classification: nullable({ type: 'object' }),
  created: nullable(str), modified: nullable(str), date_added: dateTime,
  provider: nullable(obj({ slug: str, name: str })),
});

const hit = obj({
  observable: nullable(observableOut),
  observation: { type: ['integer', 'null'], description: 'with objects: the observation (observed-data, or the other SCOs sent together) the hit came from; null when a pattern joined several' },
  match: {
    type: 'string', enum: ['exact', 'cidr', 'subdomain', 'pattern'],
    description: 'exact: the value (hosts, URL schemes and hosts, hashes, emails compared case-insensitively); cidr: inside the '
      + "indicator's address block; subdomain: a sub-domain of the indicator's domain (wider than the STIX `=`); pattern: the full pattern evaluator matched",
  },
  term: { type: 'string', description: "the indicator's value that matched ('' for pattern)" },
  indicator: { type: 'object', description: 'The indicator as the caller receives it (anonymous form where the provider is hidden)' },
  tlp: str,
  classification: nullable({ type: 'object' }),
  provider: nullable(obj({ slug: str, name: str })),
  context: { type: 'array', items: { allOf: [summary, obj({ relationship_type: nullable(str) })] }, description: 'Related malware, attack patterns, intrusion sets, ... through relationships the caller may see' },
});

export const paths = {
  '/match': {
    post: {
      operationId: 'match',
      summary: 'Match observables, SCOs or observed-data against every indicator the caller may see',
      description:
        'Send either `observables` ({type, value} each) or `objects` (SCOs and/or observed-data, or a STIX bundle), at most '
        + '10,000 per request. Simple indicators (addresses, blocks, domains, URLs, hashes, emails) are looked up in an index of what '
        + 'the caller may see; other patterns run in the full STIX pattern evaluator over each observation. An indicator the caller '
        + 'may not see never matches, and the answer is then exactly that of a value nobody flagged.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              oneOf: [
                { type: 'object', required: ['observables'], additionalProperties: false, properties: { observables: { type: 'array', minItems: 1, maxItems: 10_000, items: observable }, context: { type: 'boolean', default: true } } },
                { type: 'object', required: ['objects'], additionalProperties: false, properties: { objects: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'object' } }, context: { type: 'boolean', default: true } } },
                { type: 'object', required: ['type', 'objects'], description: 'a STIX bundle', properties: { type: { const: 'bundle' }, id: str, objects: { type: 'array', items: { type: 'object' } } } },
              ],
            },
          },
        },
      },
      responses: {
        '200': json(obj({
          hits: { type: 'array', items: hit },
          summary: obj({ observables: { type: 'integer' }, observations: { type: 'integer' }, hits: { type: 'integer' }, indicators: { type: 'integer' } }),
        }), 'The hits, in input order'),
        '400': problemResponse('Malformed JSON'),
        '401': problemResponse('No valid API token'),
        '413': problemResponse("The body exceeds the hub's limit"),
        '415': problemResponse('The body is not application/json'),
        '422': problemResponse('Not a match request (both or neither of observables/objects, too many, an unknown type); `errors` names each item'),
      },
    },
  },
  '/sightings': {
    post: {
      operationId: 'reportSighting',
      summary: 'Report a sighting of an indicator (from a match hit, in one step)',
      description:
        "Stores a STIX sighting (sighting_of_ref, count, first_seen, last_seen) shared with the indicator's provider's organization and "
        + 'the communities of your organization you list. attribution public: where_sighted_refs and created_by_ref name your '
        + "organization's identity (stored alongside, TLP:GREEN); none: anonymous, neither is set and the provider is hidden. "
        + 'observed_values become x_kyojo_observed_values. Readers may not report (403).',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object', required: ['indicator_id', 'attribution'], additionalProperties: false,
              properties: {
                indicator_id: str,
                count: { type: 'integer', minimum: 0, maximum: 999_999_999, default: 1 },
                first_seen: { ...dateTime, description: 'default: last_seen, else now' },
                last_seen: { ...dateTime, description: 'default: first_seen, else now' },
                observed_values: { type: 'array', maxItems: 100, items: observable },
                attribution: { type: 'string', enum: ['public', 'none'] },
                communities: { type: 'array', items: str, description: "slugs of your organization's communities to share the sighting with" },
                tlp: { type: 'string', enum: ['clear', 'green', 'amber', 'amber+strict'], default: 'amber' },
              },
            },
          },
        },
      },
      responses: {
        '201': json(obj({ sighting: { type: 'object', description: 'The STIX sighting as stored' } }), 'Stored'),
        '401': problemResponse('No valid API token'),
        '403': problemResponse('The caller is a reader'),
        '404': problemResponse('No such indicator that the caller may see'),
        '415': problemResponse('The body is not application/json'),
        '422': problemResponse('Not a sighting report; `errors` names each property'),
      },
    },
  },
  '/sightings/summary': {
    get: {
      operationId: 'sightingSummary',
      summary: "How often an indicator of the caller's organization was sighted",
      description:
        `total: the sightings of it the caller may see. organizations and by_sector count reporters hub-wide, each figure only where `
        + `at least ${MIN_ORGANIZATIONS} distinct organizations stand behind it ("fewer than ${MIN_ORGANIZATIONS}" otherwise); sectors `
        + 'below that are never named (other_sectors).',
      parameters: [{ name: 'indicator', in: 'query', required: true, schema: str, description: 'indicator--UUID provided by your organization' }],
      responses: {
        '200': json(obj({
          indicator: str,
          total: obj({ reports: { type: 'integer' }, sightings: { type: 'integer' }, first_seen: nullable(str), last_seen: nullable(str) }),
          organizations: { oneOf: [{ type: 'integer', minimum: MIN_ORGANIZATIONS }, { type: 'string' }] },
          by_sector: { type: 'array', items: obj({ sector: str, organizations: { type: 'integer' }, reports: { type: 'integer' }, sightings: { type: 'integer' } }) },
          other_sectors: nullable(str),
        }), 'The summary'),
        '400': problemResponse('No indicator id'),
        '401': problemResponse('No valid API token'),
        '404': problemResponse("Not an indicator of the caller's organization"),
      },
    },
  },
};
