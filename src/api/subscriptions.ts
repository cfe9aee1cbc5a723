/**
 * Delivery as people manage it (docs/notify.md): subscriptions (a user's own; an organization's
 * for its admins), the organization's webhooks (signing secret shown once), the public one-click
 * unsubscribe of RFC 8058, and the operators' view of the outbox. Input rules are
 * src/notify/subscription-input.ts's; who may do what, src/policy/admin-access.ts's.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canAdminister, canManageOrgDelivery } from '../policy/admin-access.js';
import type { HubContext } from '../server/context.js';
import type { OutboxMessage, Subscription, Webhook } from '../store/notify-types.js';
import { ConflictError } from '../store/types.js';
import { hubKeyFor } from '../notify/secret-box.js';
import { SubscriptionInputError } from '../notify/subscription-input.js';
import { DeliveryAccessError, SubscriptionService } from '../notify/subscriptions.js';
import { WebhookAdmin } from '../notify/webhook-admin.js';
import { ProblemError } from './problem.js';
import { forbidden, isObj, notFound, shown, unprocessable } from './input.js';

type Params<K extends string> = { Params: Record<K, string> };

export const OUTBOX_PAGE_DEFAULT = 100;
export const OUTBOX_PAGE_MAX = 1000;
/** the one-click body is `List-Unsubscribe=One-Click` (RFC 8058); nothing bigger is read */
const UNSUBSCRIBE_BODY_LIMIT = 1024;

export function subscriptionJson(s: Subscription, slugOf: ReadonlyMap<string, string>) {
  const f = s.filters;
  return {
    id: s.id,
    owner: s.owner,
    name: s.name,
    filters: {
      info_types: f.infoTypes, purposes: f.purposes, tiers: f.tiers, timings: f.timings,
      communities: f.communities.flatMap((id) => slugOf.get(id) ?? []), sectors: f.sectors, types: f.types, tlps: f.tlps, keywords: f.keywords,
    },
    delivery: s.delivery,
    channels: s.channels,
    webhook: s.webhookId,
    email: s.email,
    language: s.language,
    active: s.disabledAt === null,
    created_at: s.createdAt,
    disabled_at: s.disabledAt,
  };
}

export const webhookJson = (w: Webhook) => ({
  id: w.id,
  url: w.url,
  created_at: w.createdAt,
  active: w.disabledAt === null,
  consecutive_failures: w.consecutiveFailures,
  disabled_at: w.disabledAt,
  disabled_reason: w.disabledReason,
});

function itemCount(payload: string): number {
  try {
    const p = JSON.parse(payload) as { items?: unknown };
    return Array.isArray(p.items) ? p.items.length : 0;
  } catch {
    return 0;
  }
}

const problemJson = (m: OutboxMessage) => ({
  id: m.id, channel: m.channel, recipient: m.recipient, subscription: m.subscriptionId, status: m.status, attempts: m.attempts,
  items: itemCount(m.payload), created_at: m.createdAt, next_attempt_at: m.status === 'failed' ? null : m.nextAttemptAt, last_error: m.lastError,
});

/** Runs a delivery service call, mapping its errors to problem details. */
async function delivery<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof SubscriptionInputError) throw unprocessable(e.message, e.errors.length > 0 ? e.errors : undefined);
    if (e instanceof DeliveryAccessError) throw forbidden(e.message);
    if (e instanceof ConflictError) throw new ProblemError({ title: 'Conflict', status: 409, detail: e.message });
    throw e;
  }
}

export function registerSubscriptionRoutes(app: FastifyInstance, ctx: HubContext): void {
  const subs = () => new SubscriptionService(ctx.store);

  app.get('/subscriptions', async (request) => {
    const service = subs();
    const [list, slugs] = await Promise.all([service.list(request.principal!), service.communitySlugs()]);
    return { subscriptions: list.map((s) => subscriptionJson(s, slugs)) };
  });

  app.post('/subscriptions', async (request, reply) => {
    const service = subs();
    const s = await delivery(() => service.create(request.principal!, request.body));
    request.log.info({ user: request.principal!.user.id, subscription: s.id, owner: s.owner }, 'api: subscription created');
    return reply.code(201).send({ subscription: subscriptionJson(s, await service.communitySlugs()) });
  });

  app.patch<Params<'id'>>('/subscriptions/:id', async (request) => {
    const service = subs();
    const { id } = request.params;
    if (isObj(request.body) && Object.keys(request.body).length === 0) {
      throw unprocessable('Nothing to change: give name, filters, delivery, channels, webhook, email, language or active.');
    }
    const s = await delivery(() => service.update(request.principal!, id, request.body));
    if (!s) throw notFound(`You have no subscription '${shown(id)}'.`);
    return { subscription: subscriptionJson(s, await service.communitySlugs()) };
  });

  app.delete<Params<'id'>>('/subscriptions/:id', async (request, reply) => {
    const { id } = request.params;
    if (!(await subs().remove(request.principal!, id))) throw notFound(`You have no subscription '${shown(id)}'.`);
    request.log.info({ user: request.principal!.user.id, subscription: id }, 'api: subscription deleted');
    return reply.code(204).send();
  });

  registerWebhookRoutes(app, ctx);
  registerUnsubscribeRoutes(app, ctx);

  app.get<{ Querystring: { limit?: string } }>('/admin/outbox', {
    onRequest: async (request: FastifyRequest) => {
      if (!canAdminister(request.principal!)) throw forbidden('The outbox is for hub operators only.');
    },
  }, async (request) => {
    const raw = request.query.limit;
    const limit = raw === undefined ? OUTBOX_PAGE_DEFAULT : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > OUTBOX_PAGE_MAX) {
      throw unprocessable(`limit must be a whole number from 1 to ${OUTBOX_PAGE_MAX}.`, [{ property: 'limit', message: `must be 1-${OUTBOX_PAGE_MAX}` }]);
    }
    const [counts, problems] = await Promise.all([ctx.store.notify.countByStatus(), ctx.store.notify.listProblems(limit)]);
    return { counts, problems: problems.map(problemJson) };
  });
}

function registerWebhookRoutes(app: FastifyInstance, ctx: HubContext): void {
  const admin = () => new WebhookAdmin(ctx.store, () => hubKeyFor(ctx.config));
  // who may is settled before the body is read
  const managersOnly = async (request: FastifyRequest) => {
    const p = request.principal!;
    if (!canManageOrgDelivery(p, p.org.id)) throw forbidden("Only your organization's admins (and the hub operators, for their own) manage its webhooks.");
  };

  app.get('/webhooks', { onRequest: managersOnly }, async (request) => ({
    webhooks: (await admin().list(request.principal!.org.id)).map(webhookJson),
  }));

  app.post('/webhooks', { onRequest: managersOnly }, async (request, reply) => {
    const p = request.principal!;
    const body = request.body;
    if (!isObj(body)) throw unprocessable('The body must be a JSON object describing a webhook: {"url"}.');
    const extra = Object.keys(body).filter((k) => k !== 'url');
    if (extra.length > 0) throw unprocessable('The webhook is invalid.', extra.map((k) => ({ property: k, message: 'is not a property of a webhook (expected url)' })));
    const { webhook, secret } = await delivery(() => admin().create(p.org.id, body.url));
    request.log.info({ user: p.user.id, webhook: webhook.id }, 'api: webhook created');
    return reply.code(201).send({ webhook: webhookJson(webhook), secret });
  });

  app.delete<Params<'id'>>('/webhooks/:id', { onRequest: managersOnly }, async (request, reply) => {
    const p = request.principal!;
    const { id } = request.params;
    if (!(await admin().remove(p.org.id, id))) throw notFound(`Your organization has no webhook '${shown(id)}'.`);
    request.log.info({ user: p.user.id, webhook: id }, 'api: webhook deleted');
    return reply.code(204).send();
  });
}

/**
 * Public (src/api/public-routes.ts): the token is the credential. GET shows what the link does
 * and changes nothing (mail scanners fetch links); POST unsubscribes — RFC 8058's one-click
 * `List-Unsubscribe=One-Click` form, or an empty or JSON body from the portal.
 */
function registerUnsubscribeRoutes(app: FastifyInstance, ctx: HubContext): void {
  const invalid = () => notFound('This unsubscribe link is not valid (altered, or its subscription was deleted).');
  const subscriptionOf = async (token: string) => {
    const id = hubKeyFor(ctx.config).verifyUnsubscribeToken(token);
    const s = id === null ? undefined : await ctx.store.notify.getSubscription(id);
    if (!s) throw invalid();
    return s;
  };

  app.register(async (scoped) => {
    // only here: mail clients post the one-click form
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: UNSUBSCRIBE_BODY_LIMIT }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scoped.get<Params<'token'>>('/unsubscribe/:token', async (request) => {
      const s = await subscriptionOf(request.params.token);
      return {
        subscription: { name: s.name, active: s.disabledAt === null },
        unsubscribe: { method: 'POST', content_type: 'application/x-www-form-urlencoded', body: 'List-Unsubscribe=One-Click' },
      };
    });

    scoped.post<Params<'token'>>('/unsubscribe/:token', { bodyLimit: UNSUBSCRIBE_BODY_LIMIT }, async (request) => {
      const body = request.body;
      if (body !== undefined && body !== null && !isObj(body)) throw unprocessable('The body must be List-Unsubscribe=One-Click.');
      const value = isObj(body) ? body['List-Unsubscribe'] : undefined;
      if (value !== undefined && value !== 'One-Click') {
        throw unprocessable('The body must be List-Unsubscribe=One-Click.', [{ property: 'List-Unsubscribe', message: "must be 'One-Click'" }]);
      }
      const s = await subscriptionOf(request.params.token);
      const done = await new SubscriptionService(ctx.store).unsubscribe(s.id);
      if (!done) throw invalid();
      request.log.info({ subscription: s.id }, 'api: unsubscribed by link');
      return { unsubscribed: true, subscription: { name: done.name, active: false } };
    });
  });
}
