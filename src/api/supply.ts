/**
 * Supplier assessments over REST (docs/api/posture.md "Supplier assessments"): the buyer's
 * requests, table and map; the supplier's inbox. The answering, evidence and sharing routes are
 * in supply-assessments.ts. Every decision of who may see or do what is made in
 * src/policy/supply-access.ts through the services of src/supply.
 */
import type { FastifyInstance } from 'fastify';
import { getQuestionnaire } from '../assess/index.js';
import { AttachmentError } from '../attachments/index.js';
import { baseUrlOf } from '../config.js';
import type { HubContext } from '../server/context.js';
import { chainMap, chainTable } from '../supply/chain.js';
import { SUPPLY_QUESTIONNAIRE, type SupplyDeps } from '../supply/deps.js';
import { SupplyError } from '../supply/errors.js';
import { smtpSupplyMailer } from '../supply/mail.js';
import { SupplyNotices } from '../supply/notices.js';
import { buyerRequests, declineRequest, inbox, inviteSupplier, requestView, withdrawRequest } from '../supply/requests.js';
import { startForRequest } from '../supply/assessments.js';
import { readBody } from './input.js';
import { ProblemError } from './problem.js';
import { registerSupplyAssessmentRoutes } from './supply-assessments.js';

const deps = new WeakMap<HubContext, SupplyDeps>();

/** The services' dependencies, made on first use (routes are registered without touching the context). */
export function supplyDepsOf(ctx: HubContext): SupplyDeps {
  let d = deps.get(ctx);
  if (!d) {
    const baseUrl = baseUrlOf(ctx.config);
    const notices = new SupplyNotices({ store: ctx.store, log: ctx.log, mailer: smtpSupplyMailer(ctx.config), baseUrl });
    d = { store: ctx.store, attachments: ctx.attachments, notices, now: () => new Date() };
    deps.set(ctx, d);
  }
  return d;
}

/** Runs a supply service call, turning its refusals into problem details. */
export async function supply<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof SupplyError) {
      const title = { 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 422: 'Unprocessable content' }[e.status];
      throw new ProblemError({ title, status: e.status, detail: e.message, ...(e.errors ? { errors: e.errors } : {}) });
    }
    if (e instanceof AttachmentError) {
      const title = { 413: 'Payload too large', 415: 'Unsupported media type', 422: 'Unprocessable content' }[e.status];
      throw new ProblemError({ title, status: e.status, detail: e.message });
    }
    throw e;
  }
}

type IdParams = { Params: { id: string } };

export function registerSupplyRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.addHook('onClose', async () => {
    await deps.get(ctx)?.notices.stop();
  });

  app.post('/supply/requests', async (request, reply) => {
    const body = readBody(request.body, {
      what: 'a supplier request',
      fields: { supplier_email: 'string', level: 'string', due_date: 'string', tier: 'integer', relationship: 'string', message: 'string' },
      required: ['supplier_email', 'level', 'due_date'],
    });
    const created = await supply(() => inviteSupplier(supplyDepsOf(ctx), request.principal!, {
      supplierEmail: body.supplier_email as string, level: body.level as string, dueDate: body.due_date as string,
      ...(body.tier !== undefined ? { tier: body.tier as number } : {}),
      ...(body.relationship !== undefined ? { relationship: body.relationship as string } : {}),
      ...(body.message !== undefined ? { message: body.message as string } : {}),
    }));
    return reply.code(201).send(created);
  });

  app.get('/supply/requests', async (request) => ({ requests: await supply(() => buyerRequests(supplyDepsOf(ctx), request.principal!)) }));

  app.get<IdParams>('/supply/requests/:id', async (request) => supply(() => requestView(supplyDepsOf(ctx), request.principal!, request.params.id)));

  app.post<IdParams>('/supply/requests/:id/withdraw', async (request) =>
    supply(() => withdrawRequest(supplyDepsOf(ctx), request.principal!, request.params.id)));

  app.post<IdParams>('/supply/requests/:id/decline', async (request) => {
    const body = readBody(request.body ?? {}, { what: 'a decline', fields: { reason: 'string' } });
    return supply(() => declineRequest(supplyDepsOf(ctx), request.principal!, request.params.id, body.reason as string | undefined));
  });

  app.post<IdParams>('/supply/requests/:id/assessment', async (request, reply) => {
    const { created, assessment } = await supply(() => startForRequest(supplyDepsOf(ctx), request.principal!, request.params.id));
    return reply.code(created ? 201 : 200).send(assessment);
  });

  app.get('/supply/inbox', async (request) => ({ requests: await supply(() => inbox(supplyDepsOf(ctx), request.principal!)) }));

  app.get('/supply/chain', async (request) => chainTable(ctx.store, request.principal!.org.id, new Date()));

  app.get('/supply/chain/map', async (request) => chainMap(ctx.store, request.principal!.org.id, new Date()));

  app.get('/supply/questionnaire', async () => getQuestionnaire(SUPPLY_QUESTIONNAIRE));

  registerSupplyAssessmentRoutes(app, ctx);
}
