import type { FastifyInstance } from 'fastify';
import type { Principal } from '../identity/principal.js';
import { TrustService } from '../identity/trust.js';
import { SECTORS, TIERS } from '../identity/validation.js';
import { ATTRIBUTIONS, CHANNELS, INFO_TYPES, parseEnvelopeInput, PURPOSES, TIMINGS, TLP_ORDER } from '../policy/envelope.js';
import type { HubContext } from '../server/context.js';
import { summarizeAudience } from '../sharing/audience-summary.js';
import { composeReport } from '../sharing/compose-report.js';
import { ingestWithEnvelope, loadResolvers } from '../sharing/ingest.js';
import { announceStored } from '../notify/bus.js';
import { parseIocText } from '../sharing/ioc-text.js';
import { callerCommunities, communityJson } from './me.js';
import { isObj, unprocessable } from './input.js';
import { publisherOnly } from './shares.js';

/** The community a draft without an explicit audience goes to: the caller's only one, if it has one. */
async function defaultCommunity(ctx: HubContext, p: Principal): Promise<string | null> {
  const ids = [...p.communityIds];
  if (ids.length !== 1) return null;
  return (await ctx.store.identity.getCommunity({ id: ids[0]! }))?.slug ?? null;
}

/**
 * The portal's publish flow (docs/api/portal.md): the options a publisher chooses from, free-text
 * IOC recognition, a preview (the STIX objects and who will receive them; nothing stored) and
 * the publication itself, through the same ingest and policy as POST /shares and TAXII.
 */
export function registerPublishRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/publish/options', async (request) => {
    const p = request.principal!;
    const communities = await callerCommunities(ctx, p);
    const memberIds = new Set<string>();
    for (const c of communities) (await ctx.store.identity.membersOf(c.id)).forEach((id) => memberIds.add(id));
    const orgs = (await ctx.store.identity.listOrganizations()).filter((o) => memberIds.has(o.id));
    const terms = await ctx.store.trust.listTerms();
    return {
      communities: communities.map(communityJson),
      organizations: orgs.map((o) => ({ slug: o.slug, name: o.name })).sort((a, b) => a.name.localeCompare(b.name)),
      terms: terms.map((t) => ({ slug: t.slug, title: t.title })),
      sectors: SECTORS,
      enums: { tlp: TLP_ORDER, purpose: PURPOSES, info_type: INFO_TYPES, tier: TIERS, timing: TIMINGS, channels: CHANNELS, attribution: ATTRIBUTIONS },
    };
  });

  app.post('/ioc/parse', { bodyLimit: 2 * 1024 * 1024 }, async (request) => {
    const body = request.body;
    if (!isObj(body) || typeof body.text !== 'string') throw unprocessable('Send {"text": "..."}.', [{ property: 'text', message: 'must be a string' }]);
    try {
      return parseIocText(body.text);
    } catch (e) {
      throw unprocessable((e as Error).message, [{ property: 'text', message: (e as Error).message }]);
    }
  });

  app.post('/publish/preview', { preParsing: publisherOnly }, async (request) => {
    const p = request.principal!;
    const now = new Date();
    const body = request.body;
    if (!isObj(body)) throw unprocessable('The draft must be a JSON object.', [{ property: '', message: 'must be an object' }]);
    const composed = composeReport(body, now);
    const errors = [...composed.errors];
    let audience = null;
    if (body.envelope === undefined) errors.push({ property: 'envelope', message: 'is required (at least {"tlp": ...})' });
    else {
      const parsed = parseEnvelopeInput(body.envelope, {
        defaultCommunitySlug: await defaultCommunity(ctx, p),
        resolve: await loadResolvers(ctx.store),
        provider: { orgId: p.org.id, userId: p.user.id },
      });
      if (parsed.ok) audience = await summarizeAudience(ctx.store, parsed.envelope, now);
      else errors.push(...parsed.errors.map((e) => ({ property: e.property === '' ? 'envelope' : `envelope.${e.property}`, message: e.message })));
    }
    return { objects: composed.objects, audience, errors };
  });

  app.post('/publish', { preParsing: publisherOnly }, async (request) => {
    const p = request.principal!;
    const body = request.body;
    if (!isObj(body)) throw unprocessable('The draft must be a JSON object.', [{ property: '', message: 'must be an object' }]);
    const composed = composeReport(body, new Date());
    if (composed.errors.length > 0) throw unprocessable('The draft is incomplete; nothing was published.', composed.errors);
    if (body.envelope === undefined) throw unprocessable('The draft has no envelope.', [{ property: 'envelope', message: 'is required (at least {"tlp": ...})' }]);
    const result = await ingestWithEnvelope(ctx.store, {
      publisher: p,
      defaultCommunitySlug: await defaultCommunity(ctx, p),
      trust: new TrustService(ctx.store),
    }, body.envelope, composed.objects);
    if (!result.ok) {
      throw unprocessable('The envelope is invalid; nothing was published.', result.errors.map((e) => ({
        property: e.property === '' ? 'envelope' : `envelope.${e.property}`, message: e.message,
      })));
    }
    announceStored(ctx, result.items);
    const stored: { id: string; version: string; outcome: string }[] = [];
    const refused: { index: number; id: string | null; reason: string }[] = [];
    result.items.forEach((item, index) => {
      if (item.ok) stored.push({ id: item.id, version: item.versionKey, outcome: item.outcome });
      else refused.push({ index, id: item.id, reason: item.reason });
    });
    const report = composed.objects.find((o) => o.type === 'report');
    const reportId = typeof report?.id === 'string' && stored.some((s) => s.id === report.id) ? report.id : null;
    request.log.info({ user: p.user.id, stored: stored.length, refused: refused.length }, 'api: publish');
    return { report_id: reportId, stored, refused };
  });
}
