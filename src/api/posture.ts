/**
 * Questionnaires and organization posture (docs/api/posture.md): the profile, the declaration,
 * self-assessments, trend, to-do list and the sector benchmark. Routes parse input; the
 * posture services decide with the policy (src/policy/posture-access.ts) and map to the store.
 */
import type { FastifyInstance } from 'fastify';
import { getQuestionnaire, listQuestionnaires } from '../assess/index.js';
import { sectorBenchmark } from '../posture/benchmark.js';
import { ARTICLES, ARTICLES_VERSION } from '../posture/declaration.js';
import { PostureService } from '../posture/service.js';
import type { HubContext } from '../server/context.js';
import { isObj, notFound, shown, unprocessable } from './input.js';
import { postureCall, queryInt } from './posture-problems.js';

type IdParams = { Params: { id: string } };

export function registerPostureRoutes(app: FastifyInstance, ctx: HubContext): void {
  const posture = new PostureService(ctx.store);

  app.get('/questionnaires', async () => ({ questionnaires: listQuestionnaires() }));

  app.get<{ Params: { id: string }; Querystring: { version?: string } }>('/questionnaires/:id', async (request) => {
    const version = request.query.version === undefined ? undefined : queryInt(request.query.version, 'version', 1, 1, 10_000);
    const q = getQuestionnaire(request.params.id, version);
    if (!q) throw notFound(`No questionnaire ${shown(request.params.id)}${version ? ` version ${version}` : ''}.`);
    return q;
  });

  app.get('/posture', async (request) => postureCall(() => posture.overview(request.principal!)));
  app.get('/posture/profile', async (request) => postureCall(() => posture.profile(request.principal!)));
  app.put('/posture/profile', async (request) => postureCall(() => posture.putProfile(request.principal!, request.body)));

  app.get('/posture/declaration/template', async () => ({ articles_version: ARTICLES_VERSION, articles: ARTICLES }));
  app.get('/posture/declaration', async (request) => postureCall(() => posture.declarations(request.principal!)));
  app.post('/posture/declaration', async (request, reply) => {
    const d = await postureCall(() => posture.sign(request.principal!, request.body));
    return reply.code(201).send(d);
  });

  app.get<{ Querystring: { questionnaire?: string } }>('/posture/assessments', async (request) => ({
    assessments: await postureCall(() => posture.assessments.list(request.principal!, request.query.questionnaire || undefined)),
  }));
  app.post('/posture/assessments', async (request, reply) => {
    const body = request.body;
    if (!isObj(body)) throw unprocessable('The body must be { "questionnaire": "sme-self-check", "version"?: 1 }.');
    const extra = Object.keys(body).filter((k) => k !== 'questionnaire' && k !== 'version');
    if (extra.length) throw unprocessable('The body has unknown properties.', extra.map((k) => ({ property: k, message: 'is not a property (expected questionnaire, version)' })));
    const a = await postureCall(() => posture.assessments.start(request.principal!, body.questionnaire, body.version));
    return reply.code(201).send(a);
  });
  app.get<IdParams>('/posture/assessments/:id', async (request) => postureCall(() => posture.assessments.get(request.principal!, request.params.id)));
  app.put<IdParams>('/posture/assessments/:id/answers', async (request) => {
    const body = request.body;
    if (!isObj(body) || !('answers' in body)) throw unprocessable('The body must be { "answers": { "questionId": "value" | null } }.', [{ property: 'answers', message: 'is required' }]);
    return postureCall(() => posture.assessments.answer(request.principal!, request.params.id, body.answers));
  });
  app.post<IdParams>('/posture/assessments/:id/submit', async (request) => postureCall(() => posture.assessments.submit(request.principal!, request.params.id)));
  app.delete<IdParams>('/posture/assessments/:id', async (request, reply) => {
    await postureCall(() => posture.assessments.remove(request.principal!, request.params.id));
    return reply.code(204).send();
  });

  app.get<{ Querystring: { questionnaire?: string } }>('/posture/trend', async (request) => {
    const id = request.query.questionnaire;
    if (!id) throw unprocessable('Name the questionnaire: ?questionnaire=sme-self-check.', [{ property: 'questionnaire', message: 'is required' }]);
    return postureCall(() => posture.assessments.trend(request.principal!, id));
  });
  app.get<{ Querystring: { limit?: string } }>('/posture/todo', async (request) => {
    const limit = queryInt(request.query.limit, 'limit', 20, 1, 100);
    return { items: await posture.assessments.todo(request.principal!.org.id, limit) };
  });
  app.get<{ Querystring: { questionnaire?: string } }>('/posture/benchmark', async (request) => {
    const p = request.principal!;
    return postureCall(() => sectorBenchmark(ctx.store, p.org, request.query.questionnaire || undefined));
  });
}
