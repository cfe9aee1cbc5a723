/**
 * The report desk's JSON shapes (docs/api/desk.md), and the mapping of the desk services'
 * refusals to problem details.
 */
import { AttachmentError } from '../attachments/index.js';
import { DeskError } from '../desk/errors.js';
import { observablesOf } from '../desk/sanitized.js';
import {
  canApproveSanitized, canDownloadAttachment, canEditReport, canUploadAttachment, canWorkReport, type DeskCaller,
} from '../policy/desk-access.js';
import type { SanitizeResult } from '../sanitize/index.js';
import type { HubContext } from '../server/context.js';
import type { DeskActivity, DeskMessage, DeskRecipient, DeskReport } from '../store/desk-types.js';
import type { Organization, User } from '../store/types.js';
import { ProblemError } from './problem.js';
import { OrgNames } from './view.js';

const TITLES: Record<number, string> = { 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 413: 'Payload too large', 415: 'Unsupported media type', 422: 'Unprocessable content' };

/** Runs a desk service call, answering its refusals as problem details. */
export async function deskCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DeskError || e instanceof AttachmentError) {
      const errors = e instanceof DeskError && e.errors ? { errors: e.errors } : {};
      throw new ProblemError({ title: TITLES[e.status] ?? 'Bad request', status: e.status, detail: e.message, ...errors });
    }
    throw e;
  }
}

/** Users and organizations by id, looked up once per request (organizations through the portal's OrgNames). */
export class Names {
  private readonly users = new Map<string, Promise<User | undefined>>();
  private readonly orgs: OrgNames;
  constructor(private readonly ctx: HubContext) {
    this.orgs = new OrgNames(ctx);
  }
  user(id: string | null): Promise<User | undefined> {
    if (id === null) return Promise.resolve(undefined);
    let p = this.users.get(id);
    if (!p) this.users.set(id, (p = this.ctx.store.identity.getUser({ id })));
    return p;
  }
  org(id: string): Promise<Organization | undefined> {
    return this.orgs.get(id);
  }
  async email(id: string | null): Promise<string | null> {
    return (await this.user(id))?.email ?? null;
  }
}

const BODY_FIELDS = ['contact', 'detected_at', 'started_at', 'affected', 'discovery', 'intrusion_route', 'business_impact', 'essential_service_breached',
  'response', 'help_requested', 'ransomware', 'ddos', 'observables', 'techniques', 'identifying_terms', 'resolution'];

export async function summaryJson(r: DeskReport, names: Names) {
  const org = await names.org(r.orgId);
  return {
    id: r.id, number: r.number, type: r.type, status: r.status, title: r.title,
    organization: { slug: org?.slug ?? '?', name: org?.name ?? '?' }, sector: r.sector,
    created_at: r.createdAt, updated_at: r.updatedAt, assignee: await names.email(r.assigneeId),
  };
}

export async function reportJson(r: DeskReport, c: DeskCaller, names: Names, approvalCurrent: boolean | null = null) {
  const body: Record<string, unknown> = {};
  for (const k of BODY_FIELDS) body[k] = r.body[k] ?? null;
  return {
    ...(await summaryJson(r, names)),
    created_by: await names.email(r.createdBy),
    ...body,
    observable_items: observablesOf(r),
    consent: r.consent,
    approval: r.approval === null ? null : {
      approved_at: r.approval.approvedAt, approved_by: await names.email(r.approval.approvedBy), digest: r.approval.digest,
      ...(approvalCurrent === null ? {} : { current: approvalCurrent }),
    },
    routed: r.routed.map((e) => ({ recipient: e.recipient, at: e.at, scope: e.scope, attribution: e.attribution, objects: e.objects })),
    case_study: r.caseStudy === null ? null : { stix_id: r.caseStudy.stixId, published_at: r.caseStudy.publishedAt },
    can: {
      edit: canEditReport(c, r),
      approve: canApproveSanitized(c, r),
      upload: canUploadAttachment(c, r),
      triage: canWorkReport(c) && r.status === 'new',
      assign: canWorkReport(c),
      route: canWorkReport(c) && r.status === 'triaged',
      close: canWorkReport(c) && (r.status === 'triaged' || r.status === 'routed'),
      reopen: canWorkReport(c) && r.status === 'closed',
      case_study: canWorkReport(c) && r.status === 'closed' && r.caseStudy === null,
      download: canDownloadAttachment(c),
    },
  };
}

export async function messageJson(m: DeskMessage, names: Names) {
  return { id: m.id, author: { email: (await names.email(m.authorId)) ?? '?', side: m.side }, body: m.body, created_at: m.createdAt };
}

export function activityJson(a: DeskActivity) {
  return { at: a.at, actor: { email: a.actorEmail, side: a.side }, action: a.action, details: a.details };
}

export function publicRecipientJson(r: DeskRecipient) {
  return { slug: r.slug, name: r.name, kind: r.kind, description: r.description, technique_only: r.techniqueOnly };
}

/** Recipients as operators configure them, with community and organization slugs (read once for the whole list). */
export async function recipientConfigsJson(list: DeskRecipient[], ctx: HubContext) {
  const [communities, orgs] = await Promise.all([ctx.store.identity.listCommunities(), ctx.store.identity.listOrganizations()]);
  const c = new Map(communities.map((x) => [x.id, x.slug]));
  const o = new Map(orgs.map((x) => [x.id, x.slug]));
  return list.map((r) => ({
    ...publicRecipientJson(r), tlp: r.tlp,
    communities: r.communityIds.map((id) => c.get(id) ?? id),
    organizations: r.orgIds.map((id) => o.get(id) ?? id),
    updated_at: r.updatedAt,
  }));
}

export function sanitizedJson(result: SanitizeResult, report: DeskReport, approvedByEmail: string | null) {
  return {
    digest: result.digest,
    fields: result.fields,
    observables: result.observables,
    pseudonyms: result.pseudonyms,
    approval: report.approval === null ? null : {
      approved_at: report.approval.approvedAt, approved_by: approvedByEmail, digest: report.approval.digest, current: report.approval.digest === result.digest,
    },
  };
}
