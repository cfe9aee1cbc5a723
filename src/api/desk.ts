import type { FastifyInstance } from 'fastify';
import { acceptOctetStream, attachmentJson, sendAttachment } from '../attachments/index.js';
import { ATTRIBUTIONS, DDOS_ATTACKS, ENVIRONMENTS, REPORT_TYPES, SCOPES } from '../desk/input.js';
import { previewRouting, route } from '../desk/route.js';
import { approvalCurrent, approve, preview, sanitizeReport } from '../desk/sanitized.js';
import { DeskService } from '../desk/service.js';
import { statistics } from '../desk/stats.js';
import { publishCaseStudy, previewCaseStudy } from '../desk/case-study.js';
import { SECTORS } from '../identity/validation.js';
import { announceStored } from '../notify/bus.js';
import type { HubContext } from '../server/context.js';
import type { DeskStatus } from '../store/desk-types.js';
import { activityJson, deskCall, messageJson, Names, publicRecipientJson, reportJson, sanitizedJson, summaryJson } from './desk-json.js';
import { badRequest, isObj, unprocessable } from './input.js';
import { ProblemError } from './problem.js';

type IdParams = { Params: { id: string } };
type AttachmentParams = { Params: { id: string; aid: string } };
type Query = Record<string, string | string[] | undefined>;

const STATUSES: readonly DeskStatus[] = ['new', 'triaged', 'routed', 'closed'];
/** used when the route list is built without a context (the OpenAPI route-list test) */
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

function listParam(q: Query, name: string, allowed: readonly string[], errors: { property: string; message: string }[]): string[] | undefined {
  const raw = q[name];
  const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const bad = values.filter((v) => !allowed.includes(v));
  if (bad.length > 0) errors.push({ property: name, message: `expected ${allowed.join(', ')}` });
  return values.length > 0 ? values : undefined;
}

const one = (q: Query, name: string): string | undefined => {
  const v = q[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

const optionalNote = (body: unknown): string | undefined => (isObj(body) && typeof body.note === 'string' && body.note.trim() !== '' ? body.note.slice(0, 2000) : undefined);

/**
 * The report desk (docs/api/desk.md): reports, the workflow, the thread, attachments, the
 * sanitizer's preview and approval, routing, case studies and statistics. Who may do what is
 * src/policy/desk-access.ts, asked by the services in src/desk.
 */
export function registerDeskRoutes(app: FastifyInstance, ctx: HubContext): void {
  const desk = () => new DeskService(ctx.store, ctx.attachments);
  const announce = (items: Parameters<typeof announceStored>[1]) => announceStored(ctx, items);
  const caller = (p: NonNullable<Parameters<DeskService['callerOf']>[0]>) => desk().callerOf(p);

  app.get('/reports/options', async (request) => {
    const c = await caller(request.principal!);
    return {
      types: REPORT_TYPES, statuses: STATUSES, environments: ENVIRONMENTS, ddos_attacks: DDOS_ATTACKS, scopes: SCOPES, attributions: ATTRIBUTIONS,
      sectors: SECTORS, recipients: (await ctx.store.desk.listRecipients()).map(publicRecipientJson), desk_staff: c.staff,
      attachment_max_bytes: ctx.attachments.maxBytes,
    };
  });

  app.get<{ Querystring: Query }>('/reports/statistics', async (request) => {
    const c = await caller(request.principal!);
    return deskCall(() => statistics(ctx.store, c, { from: one(request.query, 'from'), to: one(request.query, 'to') }));
  });

  app.get<{ Querystring: Query }>('/reports', async (request) => {
    const c = await caller(request.principal!);
    const q = request.query;
    const errors: { property: string; message: string }[] = [];
    const statuses = listParam(q, 'status', STATUSES, errors) as DeskStatus[] | undefined;
    const types = listParam(q, 'type', REPORT_TYPES, errors);
    const assignee = one(q, 'assignee');
    if (assignee !== undefined && assignee !== 'me') errors.push({ property: 'assignee', message: "only 'me' is supported" });
    const organization = one(q, 'organization');
    if (organization !== undefined && organization !== 'mine') errors.push({ property: 'organization', message: "only 'mine' is supported" });
    const title = one(q, 'q');
    if (title !== undefined && title.length > 200) errors.push({ property: 'q', message: 'may be at most 200 characters' });
    const cursor = one(q, 'cursor');
    if (cursor !== undefined && !/^\d{1,15}$/.test(cursor)) errors.push({ property: 'cursor', message: 'is not a cursor this hub gave' });
    const limitRaw = one(q, 'limit');
    const limit = limitRaw === undefined ? DEFAULT_LIMIT : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) errors.push({ property: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` });
    if (errors.length > 0) throw badRequest('The list has invalid parameters.', errors);
    const rows = await desk().list(c, { statuses, types, assigneeMe: assignee === 'me', mineOnly: organization === 'mine', title, before: cursor === undefined ? undefined : Number(cursor), limit: limit + 1 });
    const names = new Names(ctx);
    const page = rows.slice(0, limit);
    return { items: await Promise.all(page.map((r) => summaryJson(r, names))), next: rows.length > limit ? String(page[page.length - 1]!.number) : null };
  });

  app.post('/reports', async (request, reply) => {
    const c = await caller(request.principal!);
    const r = await deskCall(() => desk().create(c, request.body));
    request.log.info({ user: c.principal.user.id, report: r.id }, 'desk: report filed');
    return reply.code(201).send({ report: await reportJson(r, c, new Names(ctx)) });
  });

  const withApproval = async (r: Awaited<ReturnType<DeskService['visible']>>, c: Awaited<ReturnType<typeof caller>>) =>
    reportJson(r, c, new Names(ctx), r.approval === null ? null : approvalCurrent(r, await sanitizeReport(ctx.store, r)));

  app.get<IdParams>('/reports/:id', async (request) => {
    const c = await caller(request.principal!);
    const r = await deskCall(() => desk().visible(c, request.params.id));
    return { report: await withApproval(r, c) };
  });

  app.patch<IdParams>('/reports/:id', async (request) => {
    const c = await caller(request.principal!);
    const r = await deskCall(() => desk().edit(c, request.params.id, request.body));
    return { report: await withApproval(r, c) };
  });

  app.put<IdParams>('/reports/:id/consent', async (request) => {
    const c = await caller(request.principal!);
    const r = await deskCall(() => desk().setConsent(c, request.params.id, request.body));
    return { report: await withApproval(r, c) };
  });

  app.post<IdParams>('/reports/:id/triage', async (request) => {
    const c = await caller(request.principal!);
    const r = await deskCall(() => desk().triage(c, request.params.id, optionalNote(request.body)));
    return { report: await withApproval(r, c) };
  });

  app.post<IdParams>('/reports/:id/assign', async (request) => {
    const c = await caller(request.principal!);
    const body = request.body;
    if (!isObj(body) || !(body.assignee === null || typeof body.assignee === 'string')) {
      throw unprocessable('Send {"assignee": "email"} or {"assignee": null}.', [{ property: 'assignee', message: 'must be an email or null' }]);
    }
    const r = await deskCall(() => desk().assign(c, request.params.id, body.assignee as string | null));
    return { report: await withApproval(r, c) };
  });

  app.post<IdParams>('/reports/:id/close', async (request) => {
    const c = await caller(request.principal!);
    const r = await deskCall(() => desk().close(c, request.params.id, isObj(request.body) ? request.body.resolution : undefined));
    return { report: await withApproval(r, c) };
  });

  app.post<IdParams>('/reports/:id/reopen', async (request) => {
    const c = await caller(request.principal!);
    const r = await deskCall(() => desk().reopen(c, request.params.id, optionalNote(request.body)));
    return { report: await withApproval(r, c) };
  });

  app.get<IdParams>('/reports/:id/messages', async (request) => {
    const c = await caller(request.principal!);
    const list = await deskCall(() => desk().messages(c, request.params.id));
    const names = new Names(ctx);
    return { messages: await Promise.all(list.map((m) => messageJson(m, names))) };
  });

  app.post<IdParams>('/reports/:id/messages', async (request, reply) => {
    const c = await caller(request.principal!);
    const m = await deskCall(() => desk().post(c, request.params.id, isObj(request.body) ? request.body.body : undefined));
    return reply.code(201).send({ message: await messageJson(m, new Names(ctx)) });
  });

  app.get<IdParams>('/reports/:id/activity', async (request) => {
    const c = await caller(request.principal!);
    return { entries: (await deskCall(() => desk().activity(c, request.params.id))).map(activityJson) };
  });

  app.get<IdParams>('/reports/:id/attachments', async (request) => {
    const c = await caller(request.principal!);
    return { attachments: (await deskCall(() => desk().listAttachments(c, request.params.id))).map(attachmentJson) };
  });

  app.get<AttachmentParams>('/reports/:id/attachments/:aid', async (request, reply) => {
    const c = await caller(request.principal!);
    const file = await deskCall(() => desk().download(c, request.params.id, request.params.aid));
    return sendAttachment(reply, file.meta, file.content);
  });

  app.delete<AttachmentParams>('/reports/:id/attachments/:aid', async (request, reply) => {
    const c = await caller(request.principal!);
    await deskCall(() => desk().removeAttachment(c, request.params.id, request.params.aid));
    return reply.code(204).send();
  });

  app.register(async (scoped) => {
    // only here: logs and samples arrive as raw bytes
    const maxBytes = (ctx as Partial<HubContext>).attachments?.maxBytes ?? DEFAULT_MAX_BYTES;
    acceptOctetStream(scoped, maxBytes);
    scoped.post<IdParams & { Querystring: Query }>('/reports/:id/attachments', { bodyLimit: maxBytes }, async (request, reply) => {
      const c = await caller(request.principal!);
      // the report's existence is settled before the body's form: a stranger learns nothing
      await deskCall(() => desk().visible(c, request.params.id));
      if (!Buffer.isBuffer(request.body)) {
        throw new ProblemError({ title: 'Unsupported media type', status: 415, detail: 'Send the file as the body with Content-Type: application/octet-stream, its name in ?filename=.' });
      }
      const filename = one(request.query, 'filename');
      if (!filename) throw unprocessable('The query parameter filename is required (the name of the file).', [{ property: 'filename', message: 'is required' }]);
      const content = request.body;
      const meta = await deskCall(() => desk().upload(c, request.params.id, filename, one(request.query, 'type'), content));
      return reply.code(201).send({ attachment: attachmentJson(meta) });
    });
  });

  app.get<IdParams>('/reports/:id/sanitized', async (request) => {
    const c = await caller(request.principal!);
    const { report, result } = await deskCall(() => preview(desk(), c, request.params.id));
    return sanitizedJson(result, report, report.approval ? await new Names(ctx).email(report.approval.approvedBy) : null);
  });

  app.post<IdParams>('/reports/:id/sanitized/approve', async (request) => {
    const c = await caller(request.principal!);
    const r = await deskCall(() => approve(desk(), c, request.params.id, isObj(request.body) ? request.body.digest : undefined));
    return { report: await withApproval(r, c) };
  });

  app.get<IdParams>('/reports/:id/route/preview', async (request) => {
    const c = await caller(request.principal!);
    const plans = await deskCall(() => previewRouting(desk(), c, request.params.id));
    return {
      recipients: plans.map((p) => ({
        recipient: p.recipient.slug, name: p.recipient.name, scope: p.scope, attribution: p.consent.attribution, tlp: p.recipient.tlp,
        ready: p.blocked === null, blocked: p.blocked, blocked_code: p.blockedCode, objects: [...p.observables, ...p.objects],
      })),
    };
  });

  app.post<IdParams>('/reports/:id/route', async (request) => {
    const c = await caller(request.principal!);
    const only = isObj(request.body) ? request.body.recipients : undefined;
    const out = await deskCall(() => route(desk(), c, request.params.id, only, announce));
    request.log.info({ user: c.principal.user.id, report: out.report.id, recipients: out.routed.map((r) => r.recipient) }, 'desk: report routed');
    return { report: await withApproval(out.report, c), routed: out.routed };
  });

  app.post<IdParams>('/reports/:id/case-study/preview', async (request) => {
    const c = await caller(request.principal!);
    return deskCall(() => previewCaseStudy(desk(), c, request.params.id, request.body));
  });

  app.post<IdParams>('/reports/:id/case-study', async (request, reply) => {
    const c = await caller(request.principal!);
    const out = await deskCall(() => publishCaseStudy(desk(), c, request.params.id, request.body, announce));
    return reply.code(201).send({ report: await withApproval(out.report, c), stored: out.stored, refused: out.refused });
  });
}
