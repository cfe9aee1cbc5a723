/**
 * OpenAPI paths of questionnaires, organization posture, surveys and the board report
 * (docs/api/posture.md). Merged into OPENAPI_DOCUMENT.
 */
const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const json = (schema: Record<string, unknown>, description: string) => ({ description, content: { 'application/json': { schema } } });
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: 'object', required, properties });
const str = { type: 'string' };
const num = { type: 'number' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const nullable = (s: Record<string, unknown>) => ({ oneOf: [s, { type: 'null' }] });
const arr = (items: Record<string, unknown>) => ({ type: 'array', items });
const dateTime = { type: 'string', format: 'date-time' };
const date = { type: 'string', format: 'date', description: 'YYYY-MM-DD' };
const text = obj({ ja: str, en: str });
const idParam = { name: 'id', in: 'path', required: true, schema: str };
const q = (name: string, schema: Record<string, unknown>, description: string) => ({ name, in: 'query', required: false, schema, description });
const body = (schema: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema } } });
const lang = q('lang', { type: 'string', enum: ['ja', 'en'] }, 'Language; default from Accept-Language (ja when preferred, else en)');

const r403 = problemResponse("The caller's role or tier may not do this");
const r404 = problemResponse("Not found, or another organization's (never shown)");
const r409 = problemResponse('No longer in a state that allows this');
const r422 = problemResponse('Invalid input; errors name the properties (questions)');

const scoreResult = { type: 'object', description: "The engine's ScoreResult (src/assess/types.ts): score, byCategory, band, level, unanswered, gaps" };
const questionnaireRef = obj({ id: str, version: int, kind: { type: 'string', enum: ['self-check', 'maturity', 'supply-chain'] }, title: text });
const assessment = {
  ...obj({
    id: str, questionnaire: questionnaireRef, status: { type: 'string', enum: ['draft', 'submitted'] },
    answers: { type: 'object', additionalProperties: str }, result: scoreResult, created_at: dateTime, updated_at: dateTime,
    submitted_at: nullable(dateTime), created_by: str, submitted_by: nullable(str),
  }, ['id', 'questionnaire', 'status', 'result', 'created_at', 'updated_at', 'submitted_at', 'created_by', 'submitted_by']),
  description: 'Lists omit answers and reduce result to { score, band }.',
};
const person = { type: 'object', additionalProperties: true };
const profile = obj({
  size: nullable({ type: 'string', enum: ['micro', 'small', 'medium', 'large'] }), ciso: nullable(person),
  bodies: arr(obj({ kind: { type: 'string', enum: ['csirt', 'psirt', 'soc', 'committee', 'other'] }, name: str, email: nullable(str), phone: nullable(str), notes: nullable(str) }, ['kind', 'name'])),
  contacts: arr(obj({ purpose: { type: 'string', enum: ['incident', 'vulnerability', 'executive', 'general'] }, name: str, email: str, phone: nullable(str) }, ['purpose', 'name', 'email'])),
  updated_at: nullable(dateTime), updated_by: nullable(str),
}, ['size', 'ciso', 'bodies', 'contacts']);
const article = obj({ id: str, title: text, text });
const declaration = obj({
  id: str, articles_version: int, articles: arr(article), signer: obj({ name: str, title: str, email: str }),
  signed_on: date, note: nullable(str), created_at: dateTime,
});
const todoItem = obj({
  questionnaire: obj({ id: str, version: int, title: text }), assessment_id: str, question_id: str, category: obj({ id: str, title: text }),
  question: text, answer: nullable(str), lost: num, guidance: text,
});
const categoryScores = arr(obj({ category: str, score: nullable(num) }));
const figure = obj({ key: str, organizations: int, shown: bool, score: nullable(num), byCategory: nullable(categoryScores), reason: nullable({ type: 'string', enum: ['fewer-than-minimum', 'complementary'] }) });
const survey = obj({
  id: str, title: text, message: nullable(text), questionnaire: obj({ id: str, version: int, title: text }),
  audience: obj({ sectors: arr(str), kinds: arr(str), organizations: arr(str) }), status: { type: 'string', enum: ['draft', 'open', 'closed'] },
  closes_on: date, created_at: dateTime, sent_at: nullable(dateTime), closed_at: nullable(dateTime), targets: int, responses: int,
  response: nullable(obj({ status: { type: 'string', enum: ['draft', 'submitted'] }, answers: { type: 'object' }, result: scoreResult, submitted_at: nullable(dateTime) }, ['status', 'submitted_at'])),
}, ['id', 'title', 'questionnaire', 'audience', 'status', 'closes_on', 'targets', 'responses']);
const answersBody = body(obj({ answers: { type: 'object', additionalProperties: nullable(str), description: 'question id → answer value; null removes' } }));
const by = q('by', { type: 'string', enum: ['sector', 'size'] }, 'Breakdown (default sector)');

export const paths = {
  '/questionnaires': { get: { summary: 'The shipped questionnaires (latest version of each)', responses: { 200: json(obj({ questionnaires: arr(questionnaireRef) }), 'Questionnaires') } } },
  '/questionnaires/{id}': {
    get: {
      summary: "A questionnaire (the engine's Questionnaire JSON)", parameters: [idParam, q('version', int, 'A given version (default the latest)')],
      responses: { 200: json({ type: 'object' }, 'Questionnaire'), 400: problemResponse('Bad version'), 404: r404 },
    },
  },
  '/posture': { get: { summary: "The caller's organization posture overview", responses: { 200: json({ type: 'object' }, 'Overview: organization, profile, declaration, latest scores, drafts, open gaps, can_edit, can_sign') } } },
  '/posture/profile': {
    get: { summary: 'Roles and bodies (CISO, CSIRT/PSIRT/SOC, contacts) and size', responses: { 200: json(profile, 'Profile') } },
    put: { summary: 'Replace the profile (writers)', requestBody: body(profile), responses: { 200: json(profile, 'Profile'), 403: r403, 422: r422 } },
  },
  '/posture/declaration/template': { get: { summary: 'The five articles of the declaration, ja and en', responses: { 200: json(obj({ articles_version: int, articles: arr(article) }), 'Articles') } } },
  '/posture/declaration': {
    get: { summary: 'The current declaration and its history', responses: { 200: json(obj({ current: nullable(declaration), history: arr(declaration) }), 'Declarations') } },
    post: {
      summary: 'Sign the declaration (executive-tier members)', requestBody: body(obj({ signer_name: str, signer_title: str, signed_on: date, note: str }, ['signer_name', 'signer_title', 'signed_on'])),
      responses: { 201: json(declaration, 'Signed'), 403: r403, 422: r422 },
    },
  },
  '/posture/assessments': {
    get: { summary: 'Self-assessments, newest first', parameters: [q('questionnaire', str, 'Only this questionnaire')], responses: { 200: json(obj({ assessments: arr(assessment) }), 'Assessments') } },
    post: {
      summary: 'Start a draft (writers)', requestBody: body(obj({ questionnaire: str, version: int }, ['questionnaire'])),
      responses: { 201: json(assessment, 'Draft'), 403: r403, 409: problemResponse('A draft of that questionnaire exists (detail names it)'), 422: r422 },
    },
  },
  '/posture/assessments/{id}': {
    get: { summary: 'One assessment with answers and result', parameters: [idParam], responses: { 200: json(assessment, 'Assessment'), 404: r404 } },
    delete: { summary: 'Delete a draft (writers)', parameters: [idParam], responses: { 204: { description: 'Deleted' }, 403: r403, 404: r404, 409: r409 } },
  },
  '/posture/assessments/{id}/answers': {
    put: { summary: 'Merge answers into a draft (writers)', parameters: [idParam], requestBody: answersBody, responses: { 200: json(assessment, 'Assessment with a fresh result'), 403: r403, 404: r404, 409: r409, 422: r422 } },
  },
  '/posture/assessments/{id}/submit': {
    post: { summary: 'Submit a complete draft (frozen)', parameters: [idParam], responses: { 200: json(assessment, 'Submitted'), 403: r403, 404: r404, 409: r409, 422: r422 } },
  },
  '/posture/trend': {
    get: {
      summary: 'Submitted scores of a questionnaire over time', parameters: [{ ...q('questionnaire', str, 'The questionnaire'), required: true }],
      responses: { 200: json(obj({ questionnaire: obj({ id: str, title: text }), points: arr({ type: 'object' }), change: nullable(num) }), 'Trend'), 404: r404, 422: r422 },
    },
  },
  '/posture/todo': {
    get: { summary: 'To-do list: the weakest answers with guidance', parameters: [q('limit', int, '1–100, default 20')], responses: { 200: json(obj({ items: arr(todoItem) }), 'Items'), 400: problemResponse('Bad limit') } },
  },
  '/posture/benchmark': {
    get: {
      summary: 'The sector average for the radar (only where at least 5 organizations stand behind it)', parameters: [q('questionnaire', str, 'Default management-maturity')],
      responses: { 200: json(obj({ questionnaire: obj({ id: str, version: int }), sector: str, minimum: int, organizations: int, shown: bool, average: nullable({ type: 'object' }), own: nullable({ type: 'object' }) }), 'Benchmark'), 404: r404 },
    },
  },
};

export const surveyPaths = {
  '/surveys': {
    get: { summary: 'Surveys: all for operators; those sent to the caller\'s organization for members', responses: { 200: json(obj({ surveys: arr(survey) }), 'Surveys') } },
    post: {
      summary: 'Create a draft survey (operators)',
      requestBody: body(obj({ title: text, message: text, questionnaire: str, version: int, audience: obj({ sectors: arr(str), kinds: arr(str), organizations: arr(str) }, []), closes_on: date }, ['title', 'questionnaire', 'closes_on'])),
      responses: { 201: json(survey, 'Draft'), 403: r403, 422: r422 },
    },
  },
  '/surveys/{id}': { get: { summary: 'One survey (operators, members of a target)', parameters: [idParam], responses: { 200: json(survey, 'Survey'), 404: r404 } } },
  '/surveys/{id}/send': { post: { summary: 'Send a draft to its audience (operators)', parameters: [idParam], responses: { 200: json(survey, 'Open'), 403: r403, 404: r404, 409: r409, 422: r422 } } },
  '/surveys/{id}/close': { post: { summary: 'Close an open survey (operators)', parameters: [idParam], responses: { 200: json(survey, 'Closed'), 403: r403, 404: r404, 409: r409 } } },
  '/surveys/{id}/response': { put: { summary: "Merge answers into the organization's response (writers of a target)", parameters: [idParam], requestBody: answersBody, responses: { 200: json(survey, 'Survey with response'), 403: r403, 404: r404, 409: r409, 422: r422 } } },
  '/surveys/{id}/response/submit': { post: { summary: 'Submit the response', parameters: [idParam], responses: { 200: json(survey, 'Survey with response'), 403: r403, 404: r404, 409: r409, 422: r422 } } },
  '/surveys/{id}/results': {
    get: {
      summary: 'Results by sector or size; every figure needs 5 organizations', parameters: [idParam, by],
      responses: { 200: json(obj({ survey: obj({ id: str, title: text }), by: str, minimum: int, responses: int, categories: arr(obj({ id: str, title: text })), overall: figure, groups: arr(figure) }), 'Results'), 404: r404 },
    },
  },
  '/surveys/{id}/results.csv': {
    get: { summary: 'Results as CSV', parameters: [idParam, by, lang], responses: { 200: { description: 'CSV (UTF-8 with BOM)', content: { 'text/csv': { schema: str } } }, 404: r404 } },
  },
};

export const boardReportPaths = {
  '/board-report/data': { get: { summary: "The board report's content as JSON", parameters: [lang], responses: { 200: json({ type: 'object' }, 'Report data') } } },
  '/board-report': { get: { summary: 'The board report as one self-contained HTML document (no scripts)', parameters: [lang], responses: { 200: { description: 'HTML', content: { 'text/html': { schema: str } } } } } },
  '/board-report.pdf': {
    get: {
      summary: 'The board report as PDF (headless Chromium)', parameters: [lang],
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, 503: problemResponse('No browser to render PDF (KYOJO_CHROMIUM_PATH)') },
    },
  },
  '/board-report/email': {
    post: {
      summary: "Email the report now to the organization's executive-tier members", parameters: [lang],
      responses: { 200: json(obj({ sent: int, recipients: arr(str) }), 'Sent'), 403: r403, 503: problemResponse('No SMTP server configured') },
    },
  },
};
