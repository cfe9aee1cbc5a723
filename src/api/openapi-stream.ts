/**
 * OpenAPI path of the live stream (src/api/stream.ts, docs/notify.md). Merged into OPENAPI_DOCUMENT.
 */
import { TLP_ORDER } from '../stix/markings.js';

const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });

const eventData = {
  type: 'object',
  required: ['id', 'type', 'version', 'tlp', 'object'],
  description: 'The `data` of an `object` event (one line of JSON).',
  properties: {
    id: { type: 'string', description: 'STIX id' },
    type: { type: 'string', description: 'STIX type' },
    version: { type: 'string', description: 'modified, else created, else (objects without either) the date the hub stored it' },
    tlp: { type: 'string', enum: [...TLP_ORDER] },
    object: { type: 'object', description: 'The STIX object as the caller receives it (under hidden attribution, with the provider replaced)' },
  },
};

export const paths = {
  '/stream': {
    get: {
      operationId: 'getStream',
      summary: 'Live stream of new and updated objects the caller may see (Server-Sent Events)',
      description:
        'A `text/event-stream` that stays open. Each stored version the caller may see, whose channels include `stream`, '
        + 'is one event: `id: <date_added in microseconds>`, `event: object`, `data:` as described by the 200 schema. '
        + 'A comment line (`: heartbeat`) arrives every 15 seconds. To resume after a disconnection, reconnect with '
        + '`Last-Event-ID` (browsers do this themselves) or `?last_event_id=`: the hub first sends every version after that id '
        + 'the caller may see, then goes on live, with neither gap nor duplicate. A client that does not read fast enough is '
        + 'disconnected (it resumes the same way). What the caller may see is read again every minute: a revoked token, '
        + 'an ended session or a withdrawn clearance stops delivery.',
      parameters: [
        { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^[0-9]+$' }, description: 'Resume after this event id' },
        { name: 'last_event_id', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]+$' }, description: 'Resume after this event id (when the client cannot set the header)' },
      ],
      responses: {
        '200': { description: 'The event stream', content: { 'text/event-stream': { schema: eventData } } },
        '400': problemResponse('Last-Event-ID is not an event id'),
        '401': problemResponse('Not signed in and no valid API token'),
      },
    },
  },
};
