/**
 * The supplier's side of supplier assessments over REST: its assessments, answers, confirmation,
 * evidence (upload as application/octet-stream, download only), submission and consent (shares).
 * Reading an assessment or its evidence answers 404 to anyone the supplier does not share it with.
 */
import type { FastifyInstance } from 'fastify';
import { acceptOctetStream, sendAttachment } from '../attachments/index.js';
import type { HubContext } from '../server/context.js';
import { createAssessment, getAssessmentView, listOwnAssessments, setAnswers, setConfirmation, submitAssessment } from '../supply/assessments.js';
import { addEvidence, readEvidence, removeEvidence } from '../supply/evidence.js';
import { replaceShares, sharesView } from '../supply/shares.js';
import { isObj, readBody, unprocessable } from './input.js';
import { supply, supplyDepsOf } from './supply.js';

type IdParams = { Params: { id: string } };
type EvidenceParams = { Params: { id: string; evidenceId: string } };

const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
const MAX_ANSWERS = 500;

function answersOf(body: unknown): Record<string, string | null> {
  if (!isObj(body) || !isObj(body.answers) || Object.keys(body).some((k) => k !== 'answers')) {
    throw unprocessable('The body must be {"answers": {"<question id>": "<value>" | null, …}}.');
  }
  const entries = Object.entries(body.answers);
  if (entries.length > MAX_ANSWERS) throw unprocessable(`At most ${MAX_ANSWERS} answers per request.`);
  const bad = entries.filter(([, v]) => v !== null && typeof v !== 'string');
  if (bad.length > 0) throw unprocessable('Each answer must be a value of its scale (text), or null to remove it.', bad.map(([k]) => ({ property: `answers.${k}`, message: 'must be text or null' })));
  return Object.fromEntries(entries) as Record<string, string | null>;
}

function query(request: { query: unknown }, key: string): string | undefined {
  const q = request.query as Record<string, unknown>;
  const v = q[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw unprocessable(`The query parameter ${key} must be given once.`);
  return v;
}

export function registerSupplyAssessmentRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/supply/assessments', async (request) => ({ assessments: await supply(() => listOwnAssessments(supplyDepsOf(ctx), request.principal!)) }));

  app.post('/supply/assessments', async (request, reply) => {
    const body = readBody(request.body, { what: 'a new assessment', fields: { level: 'string' }, required: ['level'] });
    return reply.code(201).send(await supply(() => createAssessment(supplyDepsOf(ctx), request.principal!, body.level as string)));
  });

  app.get<IdParams>('/supply/assessments/:id', async (request) => supply(() => getAssessmentView(supplyDepsOf(ctx), request.principal!, request.params.id)));

  app.put<IdParams>('/supply/assessments/:id/answers', async (request) =>
    supply(() => setAnswers(supplyDepsOf(ctx), request.principal!, request.params.id, answersOf(request.body))));

  app.put<IdParams>('/supply/assessments/:id/confirmation', async (request) => {
    if (!isObj(request.body)) throw unprocessable('The body must be a JSON object: {"kind": "expert", "name", "organization", "qualification"?, "date"} or {"kind": "third-party", "evaluator", "reference", "date"}.');
    const body = request.body;
    return supply(() => setConfirmation(supplyDepsOf(ctx), request.principal!, request.params.id, body));
  });

  app.post<IdParams>('/supply/assessments/:id/submit', async (request) => supply(() => submitAssessment(supplyDepsOf(ctx), request.principal!, request.params.id)));

  app.get<IdParams>('/supply/assessments/:id/shares', async (request) => supply(() => sharesView(supplyDepsOf(ctx), request.principal!, request.params.id)));

  app.put<IdParams>('/supply/assessments/:id/shares', async (request) => {
    const body = request.body;
    if (!isObj(body) || typeof body.all_customers !== 'boolean' || !Array.isArray(body.organizations)
      || body.organizations.some((s) => typeof s !== 'string') || body.organizations.length > 1000 || Object.keys(body).some((k) => k !== 'all_customers' && k !== 'organizations')) {
      throw unprocessable('The body must be {"all_customers": true|false, "organizations": ["<organization slug>", …]}.');
    }
    const choice = { allCustomers: body.all_customers, slugs: body.organizations as string[] };
    return supply(() => replaceShares(supplyDepsOf(ctx), request.principal!, request.params.id, choice));
  });

  app.get<EvidenceParams>('/supply/assessments/:id/evidence/:evidenceId', async (request, reply) => {
    const file = await supply(() => readEvidence(supplyDepsOf(ctx), request.principal!, request.params.id, request.params.evidenceId));
    return sendAttachment(reply, file.meta, file.content);
  });

  app.delete<EvidenceParams>('/supply/assessments/:id/evidence/:evidenceId', async (request, reply) => {
    await supply(() => removeEvidence(supplyDepsOf(ctx), request.principal!, request.params.id, request.params.evidenceId));
    return reply.code(204).send();
  });

  app.register(async (scoped) => {
    // only here: evidence files arrive as raw bytes
    const maxBytes = (ctx as Partial<HubContext>).attachments?.maxBytes ?? DEFAULT_MAX_BYTES;
    acceptOctetStream(scoped, maxBytes);
    scoped.post<IdParams>('/supply/assessments/:id/evidence', { bodyLimit: maxBytes }, async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw unprocessable('Send the file as the body with Content-Type: application/octet-stream, its name in ?filename=.');
      }
      const filename = query(request, 'filename');
      if (!filename) throw unprocessable('The query parameter filename is required (the name of the file).');
      const content = request.body;
      const declaredType = query(request, 'type');
      const kind = query(request, 'kind');
      const questionId = query(request, 'question');
      const entry = await supply(() => addEvidence(supplyDepsOf(ctx), request.principal!, request.params.id, {
        filename, content, ...(declaredType ? { declaredType } : {}), ...(kind ? { kind } : {}), ...(questionId ? { questionId } : {}),
      }));
      return reply.code(201).send(entry);
    });
  });
}
