/** OpenAPI paths of federation status (src/api/peers.ts). Merged into OPENAPI_DOCUMENT. */
const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const dateTime = { type: ['string', 'null'], format: 'date-time' };
const count = { type: 'integer', minimum: 0 };
const obj = (properties: Record<string, unknown>) => ({ type: 'object', required: Object.keys(properties), properties });

const peer = obj({
  name: str,
  url: str,
  api_root: str,
  collections: { type: 'array', items: str },
  direction: { type: 'string', enum: ['pull', 'push', 'both'] },
  community: nullableStr,
  organization: { ...nullableStr, description: 'the organization that stands for the peer here (peer-<name>)' },
  profile: { type: 'string', enum: ['kyojo', 'standard'] },
  max_tlp: { type: 'string', enum: ['clear', 'green', 'amber'] },
  tlp1: { type: 'boolean' },
  as_organizations: { type: 'array', items: str, description: 'organizations of this hub the peer stands for (TLP:AMBER addressed to them may go to it)' },
  ca_file: nullableStr,
  has_credentials: { type: 'boolean' },
  created_at: { type: 'string', format: 'date-time' },
  status: obj({
    last_attempt_at: dateTime,
    last_success_at: dateTime,
    caught_up_at: dateTime,
    lag_seconds: { type: ['integer', 'null'], description: 'seconds since the peer was last caught up in every direction it syncs' },
    last_error_at: dateTime,
    last_error: nullableStr,
    consecutive_failures: count,
    pulled: count,
    pushed: count,
    refused: count,
    revocations: count,
    pull_cursors: { type: 'object', additionalProperties: str, description: 'collection id → last X-TAXII-Date-Added-Last stored' },
    push_cursor: { type: 'integer', description: 'the last local date_added (µs) the peer acknowledged' },
  }),
});

export const paths = {
  '/admin/peers': {
    get: {
      operationId: 'listPeers',
      summary: 'Operators only: federation peers with their status (last success, lag, last error, counts); never credentials',
      tags: ['operator console'],
      responses: {
        '200': { description: 'The peers, by name', content: { 'application/json': { schema: obj({ peers: { type: 'array', items: peer } }) } } },
        '401': problemResponse('Not signed in and no valid API token'),
        '403': problemResponse('The caller is not an operator, or is a peer hub'),
      },
    },
  },
};
