/**
 * OpenAPI paths of supplier assessments (docs/api/posture.md "Supplier assessments"): the buyer's
 * requests, table and map; the supplier's inbox, assessments, evidence, submission and consent.
 * Merged into OPENAPI_DOCUMENT.
 */
const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const json = (schema: Record<string, unknown>, description: string) => ({ description, content: { 'application/json': { schema } } });
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: 'object', required, properties });
const str = { type: 'string' };
const nullable = (s: Record<string, unknown>) => ({ oneOf: [s, { type: 'null' }] });
const dateTime = { type: 'string', format: 'date-time' };
const date = { type: 'string', format: 'date', description: 'YYYY-MM-DD' };
const orgRef = obj({ slug: str, name: str });
const level = { type: 'string', enum: ['level-3', 'level-4'] };
const idParam = { name: 'id', in: 'path', required: true, schema: str };
const evidenceParam = { name: 'evidenceId', in: 'path', required: true, schema: str };
const body = (schema: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema } } });

const request = obj({
  id: str, buyer: nullable(orgRef), supplier_email: { type: 'string', format: 'email' }, supplier: nullable(orgRef), level, due_date: date,
  tier: { type: 'integer', minimum: 1, maximum: 3 }, relationship: nullable(str), message: nullable(str),
  status: { type: 'string', enum: ['open', 'declined', 'withdrawn'] }, decline_reason: nullable(str), created_at: dateTime,
  overdue: { type: 'boolean', description: 'open, past its due date and not fulfilled' },
  fulfilled: { type: 'boolean', description: 'the buyer may see a submitted, unexpired assessment of the supplier' },
});
const evidence = obj({
  id: str, filename: str, declared_type: str, size: { type: 'integer' }, sha256: str, created_at: dateTime, question_id: nullable(str), kind: str,
});
const assessment = {
  ...obj({
    id: str, supplier: nullable(orgRef), questionnaire: obj({ id: str, version: { type: 'integer' } }), level, request_id: nullable(str),
    status: { type: 'string', enum: ['draft', 'submitted'] }, answers: { type: 'object', additionalProperties: str },
    result: nullable({ type: 'object', description: "The engine's score result (score, byCategory, band, level, unanswered, gaps)" }),
    confirmation: nullable({ type: 'object' }), evidence: { type: 'array', items: evidence }, level_reached: nullable(level),
    created_at: dateTime, updated_at: dateTime, submitted_at: nullable(dateTime), expires_at: nullable(dateTime), expired: { type: 'boolean' },
  }, ['id', 'supplier', 'questionnaire', 'level', 'status', 'level_reached', 'created_at', 'updated_at', 'submitted_at', 'expires_at', 'expired']),
  description: 'The supplier sees its own; a buyer only while the supplier shares it with it (else 404). Lists omit answers, confirmation and evidence.',
};
const summary = obj({
  suppliers: { type: 'integer' }, by_level_reached: { type: 'object', additionalProperties: { type: 'integer' } },
  shared: { type: 'integer' }, pending: { type: 'integer' }, declined: { type: 'integer' }, expiring_soon: { type: 'integer' },
  expired: { type: 'integer' }, with_gaps: { type: 'integer' }, overdue: { type: 'integer' },
});
const rowStatus = { type: 'string', enum: ['invited', 'pending', 'shared', 'expired', 'declined'] };
const shares = obj({
  customers: { type: 'array', items: orgRef, description: 'organizations with a live request to the supplier' },
  all_customers: { type: 'boolean' },
  organizations: { type: 'array', items: obj({ slug: str, name: str, shared_at: dateTime }) },
});
const confirmation = {
  oneOf: [
    obj({ kind: { const: 'expert' }, name: str, organization: str, qualification: str, date }, ['kind', 'name', 'organization', 'date']),
    obj({ kind: { const: 'third-party' }, evaluator: str, reference: str, date }),
  ],
};

const r404 = problemResponse('Not found, or not visible to the caller');
const r403 = problemResponse("The caller's role may not do this");
const r409 = problemResponse('The request or assessment is no longer in a state that allows this');
const r422 = problemResponse('Invalid input; `errors` names the properties');

export const paths = {
  '/supply/requests': {
    post: {
      operationId: 'createSupplyRequest', summary: 'Ask a supplier (by email) for a supply-chain assessment at a level by a due date',
      description: 'Sends an invitation email (Japanese and English). A supplier not on the hub yet: the request waits for a user with that email.',
      requestBody: body(obj({ supplier_email: str, level, due_date: date, tier: { type: 'integer', minimum: 1, maximum: 3 }, relationship: str, message: str }, ['supplier_email', 'level', 'due_date'])),
      responses: { '201': json(request, 'The request'), '403': r403, '409': problemResponse('An open request to that email exists'), '422': r422 },
    },
    get: { operationId: 'listSupplyRequests', summary: "The caller's organization's requests as buyer, newest first", responses: { '200': json(obj({ requests: { type: 'array', items: request } }), 'Requests') } },
  },
  '/supply/requests/{id}': {
    get: { operationId: 'getSupplyRequest', summary: 'One request (its buyer and its supplier)', parameters: [idParam], responses: { '200': json(request, 'The request'), '404': r404 } },
  },
  '/supply/requests/{id}/withdraw': {
    post: { operationId: 'withdrawSupplyRequest', summary: 'The buyer withdraws a request', parameters: [idParam], responses: { '200': json(request, 'The request'), '403': r403, '404': r404, '409': r409 } },
  },
  '/supply/requests/{id}/decline': {
    post: {
      operationId: 'declineSupplyRequest', summary: 'The supplier declines a request', parameters: [idParam],
      requestBody: { required: false, content: { 'application/json': { schema: obj({ reason: str }, []) } } },
      responses: { '200': json(request, 'The request'), '403': r403, '404': r404, '409': r409 },
    },
  },
  '/supply/requests/{id}/assessment': {
    post: {
      operationId: 'startSupplyAssessment', summary: "The supplier starts answering a request (or gets the draft it started)", parameters: [idParam],
      responses: { '200': json(assessment, 'The existing draft'), '201': json(assessment, 'A new draft'), '403': r403, '404': r404, '409': r409 },
    },
  },
  '/supply/inbox': {
    get: { operationId: 'supplyInbox', summary: "Requests to the caller's organization (attaching those addressed to the caller's email)", responses: { '200': json(obj({ requests: { type: 'array', items: request } }), 'Requests') } },
  },
  '/supply/chain': {
    get: {
      operationId: 'supplyChainTable', summary: "The buyer's supply chain as a table",
      responses: { '200': json(obj({ rows: { type: 'array', items: obj({ request, assessment: nullable({ type: 'object' }), status: rowStatus }) }, summary }), 'Rows and counts') },
    },
  },
  '/supply/chain/map': {
    get: {
      operationId: 'supplyChainMap', summary: "The buyer's supply chain grouped by tier, relationship and status",
      responses: {
        '200': json(obj({
          buyer: nullable(orgRef),
          tiers: { type: 'array', items: obj({ tier: { type: 'integer' }, groups: { type: 'array', items: obj({ relationship: nullable(str), status: rowStatus, suppliers: { type: 'array', items: obj({ request_id: str, name: str, level_requested: level, level_reached: nullable(level), overdue: { type: 'boolean' } }) } }) } }) },
        }), 'Map data'),
      },
    },
  },
  '/supply/questionnaire': {
    get: { operationId: 'supplyQuestionnaire', summary: 'The supply-chain questionnaire (latest version)', responses: { '200': json({ type: 'object' }, "The engine's questionnaire") } },
  },
  '/supply/assessments': {
    get: { operationId: 'listSupplyAssessments', summary: "The caller's organization's assessments as supplier, newest first", responses: { '200': json(obj({ assessments: { type: 'array', items: assessment } }), 'Assessments') } },
    post: {
      operationId: 'createSupplyAssessment', summary: 'Start an assessment not tied to a request', requestBody: body(obj({ level })),
      responses: { '201': json(assessment, 'A new draft'), '403': r403, '422': r422 },
    },
  },
  '/supply/assessments/{id}': {
    get: { operationId: 'getSupplyAssessment', summary: 'One assessment (its supplier; buyers it is shared with)', parameters: [idParam], responses: { '200': json(assessment, 'The assessment'), '404': r404 } },
  },
  '/supply/assessments/{id}/answers': {
    put: {
      operationId: 'answerSupplyAssessment', summary: 'Merge answers into a draft (null removes one)', parameters: [idParam],
      requestBody: body(obj({ answers: { type: 'object', additionalProperties: nullable(str) } })),
      responses: { '200': json(assessment, 'The draft with a fresh result'), '403': r403, '404': r404, '409': r409, '422': r422 },
    },
  },
  '/supply/assessments/{id}/confirmation': {
    put: {
      operationId: 'confirmSupplyAssessment', summary: 'Record the expert confirmation (level 3) or the third-party evaluation (level 4)', parameters: [idParam],
      requestBody: body(confirmation), responses: { '200': json(assessment, 'The draft'), '403': r403, '404': r404, '409': r409, '422': r422 },
    },
  },
  '/supply/assessments/{id}/submit': {
    post: {
      operationId: 'submitSupplyAssessment', summary: 'Freeze a complete, confirmed draft (valid one year)', parameters: [idParam],
      responses: { '200': json(assessment, 'The submitted assessment'), '403': r403, '404': r404, '409': r409, '422': problemResponse('Unanswered questions (named in `errors`) or no confirmation') },
    },
  },
  '/supply/assessments/{id}/evidence': {
    post: {
      operationId: 'addSupplyEvidence', summary: 'Upload an evidence file to a draft (the body is the file)',
      parameters: [idParam,
        { name: 'filename', in: 'query', required: true, schema: str },
        { name: 'type', in: 'query', required: false, schema: str, description: 'the media type the file claims to be; refused when its bytes contradict it' },
        { name: 'kind', in: 'query', required: false, schema: str, description: 'audit-report, certificate, policy, … or other (default)' },
        { name: 'question', in: 'query', required: false, schema: str, description: 'the question it supports' }],
      requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
      responses: {
        '201': json(evidence, 'The evidence entry'), '403': r403, '404': r404, '409': r409,
        '413': problemResponse('Larger than the hub accepts'), '415': problemResponse('The bytes contradict the declared type'), '422': r422,
      },
    },
  },
  '/supply/assessments/{id}/evidence/{evidenceId}': {
    get: {
      operationId: 'downloadSupplyEvidence', summary: 'Download an evidence file (its supplier; buyers the assessment is shared with)', parameters: [idParam, evidenceParam],
      responses: { '200': { description: 'The file, as a download only', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, '404': r404 },
    },
    delete: {
      operationId: 'removeSupplyEvidence', summary: 'Remove an evidence file from a draft', parameters: [idParam, evidenceParam],
      responses: { '204': { description: 'Removed' }, '403': r403, '404': r404, '409': r409 },
    },
  },
  '/supply/assessments/{id}/shares': {
    get: { operationId: 'getSupplyShares', summary: 'With whom a submitted assessment is shared (the supplier only)', parameters: [idParam], responses: { '200': json(shares, 'Sharing'), '404': r404 } },
    put: {
      operationId: 'setSupplyShares', summary: 'Replace the sharing choice; what is left out is revoked at once', parameters: [idParam],
      requestBody: body(obj({ all_customers: { type: 'boolean' }, organizations: { type: 'array', items: str, description: 'organization slugs of customers' } })),
      responses: { '200': json(shares, 'Sharing'), '403': r403, '404': r404, '409': problemResponse('A draft cannot be shared'), '422': problemResponse('An organization that is not a customer') },
    },
  },
};
