/**
 * Surveys (docs/api/posture.md "Surveys"): operators create, send and close them; members of the
 * organizations surveyed answer; results by sector or size under the 5-organization rule, as
 * JSON or CSV. The survey service decides with the policy (src/policy/posture-access.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Lang } from '../assess/types.js';
import { baseUrlOf } from '../config.js';
import { postureMailer } from '../posture/mail.js';
import { SurveyService } from '../survey/service.js';
import type { Breakdown } from '../survey/results.js';
import type { HubContext } from '../server/context.js';
import { isObj, unprocessable } from './input.js';
import { postureCall } from './posture-problems.js';
import { ProblemError } from './problem.js';

type IdParams = { Params: { id: string } };
type ResultsQuery = { Params: { id: string }; Querystring: { by?: string; lang?: string } };

function breakdown(v: string | undefined): Breakdown {
  if (v === undefined || v === '' || v === 'sector') return 'sector';
  if (v === 'size') return 'size';
  throw new ProblemError({ title: 'Bad request', status: 400, detail: 'by must be sector or size.', errors: [{ property: 'by', message: 'must be sector or size' }] });
}

/** ?lang=ja|en, else the Accept-Language preference (ja when it comes before en), else en. */
export function langOf(request: FastifyRequest<{ Querystring: { lang?: string } }>): Lang {
  const q = request.query.lang;
  if (q === 'ja' || q === 'en') return q;
  if (q !== undefined && q !== '') throw new ProblemError({ title: 'Bad request', status: 400, detail: 'lang must be ja or en.', errors: [{ property: 'lang', message: 'must be ja or en' }] });
  const al = String(request.headers['accept-language'] ?? '').toLowerCase();
  const ja = al.search(/(^|,)\s*ja\b/);
  const en = al.search(/(^|,)\s*en\b/);
  return ja >= 0 && (en < 0 || ja < en) ? 'ja' : 'en';
}

export function registerSurveyRoutes(app: FastifyInstance, ctx: HubContext): void {
  let service: SurveyService | undefined;
  // built on first use: the route-list test registers routes with an empty context
  const surveys = (): SurveyService => (service ??= new SurveyService(ctx.store, { mailer: () => postureMailer(ctx.config), baseUrl: baseUrlOf(ctx.config), log: ctx.log }));

  app.get('/surveys', async (request) => ({ surveys: await postureCall(() => surveys().list(request.principal!)) }));
  app.post('/surveys', async (request, reply) => {
    const s = await postureCall(() => surveys().create(request.principal!, request.body));
    return reply.code(201).send(s);
  });
  app.get<IdParams>('/surveys/:id', async (request) => postureCall(() => surveys().get(request.principal!, request.params.id)));
  app.post<IdParams>('/surveys/:id/send', async (request) => postureCall(() => surveys().send(request.principal!, request.params.id)));
  app.post<IdParams>('/surveys/:id/close', async (request) => postureCall(() => surveys().close(request.principal!, request.params.id)));
  app.put<IdParams>('/surveys/:id/response', async (request) => {
    const body = request.body;
    if (!isObj(body) || !('answers' in body)) throw unprocessable('The body must be { "answers": { "questionId": "value" | null } }.', [{ property: 'answers', message: 'is required' }]);
    return postureCall(() => surveys().answer(request.principal!, request.params.id, body.answers));
  });
  app.post<IdParams>('/surveys/:id/response/submit', async (request) => postureCall(() => surveys().submit(request.principal!, request.params.id)));
  app.get<ResultsQuery>('/surveys/:id/results', async (request) => postureCall(() => surveys().results(request.principal!, request.params.id, breakdown(request.query.by))));
  app.get<ResultsQuery>('/surveys/:id/results.csv', async (request, reply) => {
    const by = breakdown(request.query.by);
    const lang = langOf(request);
    const csv = await postureCall(() => surveys().csv(request.principal!, request.params.id, by, lang));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="survey-${request.params.id.replace(/[^A-Za-z0-9-]/g, '')}-${by}-${lang}.csv"`)
      .send(csv);
  });
}
