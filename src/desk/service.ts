/**
 * The report desk (issue 7, docs/desk.md): filing, editing, the workflow new → triaged →
 * routed → closed with assignment, the thread, the activity history and attachments. Every
 * decision of who may do what is src/policy/desk-access.ts; a report the caller may not see
 * is answered exactly like an unknown id.
 */
import { randomUUID } from 'node:crypto';
import type { AttachmentMeta, AttachmentService } from '../attachments/index.js';
import type { Principal } from '../identity/principal.js';
import {
  canEditReport, canRemoveAttachment, canSeeReport, canTalkOnReport, canUploadAttachment, canWorkReport, canDownloadAttachment,
  isReporterSide, reportListScope, type DeskCaller,
} from '../policy/desk-access.js';
import type { DeskActivity, DeskMessage, DeskReport, DeskReportChanges, DeskStatus } from '../store/desk-types.js';
import type { Store } from '../store/types.js';
import { conflict, forbidden, invalid, notFound } from './errors.js';
import { readConsent, readReportInput } from './input.js';

export const MAX_MESSAGE = 20_000;
const MAX_RESOLUTION = 20_000;

export const attachmentScope = (reportId: string): string => `desk-report:${reportId}`;

export class DeskService {
  constructor(
    readonly store: Store,
    readonly attachments: AttachmentService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async callerOf(principal: Principal): Promise<DeskCaller> {
    return { principal, staff: await this.store.desk.isStaff(principal.user.id) };
  }

  /** The report, when the caller may see it; else 404 (the same as for an unknown id). */
  async visible(c: DeskCaller, id: string): Promise<DeskReport> {
    const r = /^[0-9a-f-]{36}$/i.test(id) ? await this.store.desk.getReport(id) : undefined;
    if (!r || !canSeeReport(c, r)) throw notFound();
    return r;
  }

  async recipientSlugs(): Promise<Set<string>> {
    return new Set((await this.store.desk.listRecipients()).map((r) => r.slug));
  }

  async record(r: DeskReport, c: DeskCaller, action: string, details: Record<string, unknown> = {}): Promise<DeskActivity> {
    return this.store.desk.addActivity({
      reportId: r.id, at: this.now().toISOString(), actorId: c.principal.user.id, actorEmail: c.principal.user.email,
      side: sideOf(c, r), action, details,
    });
  }

  async create(c: DeskCaller, input: unknown): Promise<DeskReport> {
    const read = readReportInput(input, 'create', await this.recipientSlugs());
    if (!read.ok) throw invalid('The report is invalid; nothing was filed.', read.errors);
    const v = read.value;
    const at = this.now().toISOString();
    const report = await this.store.desk.addReport({
      id: randomUUID(), orgId: c.principal.org.id, createdBy: c.principal.user.id, type: v.type!, status: 'new', title: v.title!,
      sector: v.sector ?? c.principal.org.sector, body: dropNulls(v.body), consent: v.consent ?? [], approval: null, assigneeId: null,
      routed: [], caseStudy: null, createdAt: at, updatedAt: at,
    });
    await this.record(report, c, 'created', { type: report.type });
    return report;
  }

  /** Applies a change guarded by the report's current state; 409 when someone changed it meanwhile. */
  async change(r: DeskReport, changes: DeskReportChanges, statuses?: DeskStatus[]): Promise<DeskReport> {
    const next = await this.store.desk.updateReport(r.id, { ...changes, updatedAt: laterThan(r.updatedAt, this.now()) }, { updatedAt: r.updatedAt, ...(statuses ? { statuses } : {}) });
    if (!next) throw conflict('The report changed meanwhile; load it again and retry.');
    return next;
  }

  async edit(c: DeskCaller, id: string, input: unknown): Promise<DeskReport> {
    const r = await this.visible(c, id);
    if (!isReporterSide(c, r)) throw forbidden('Only the organization that filed the report may edit it.');
    if (!canEditReport(c, r)) throw conflict(`The report is ${r.status}; it can no longer be edited. Write in its thread instead.`);
    const read = readReportInput(input, 'patch', await this.recipientSlugs(), r.type);
    if (!read.ok) throw invalid('The change is invalid; nothing was changed.', read.errors);
    const v = read.value;
    const next = await this.change(r, {
      ...(v.type ? { type: v.type } : {}), ...(v.title ? { title: v.title } : {}), ...(v.sector ? { sector: v.sector } : {}),
      ...(v.consent ? { consent: v.consent } : {}), body: dropNulls({ ...r.body, ...v.body }),
    }, ['new', 'triaged']);
    await this.record(next, c, 'edited', { fields: Object.keys(input as object).sort() });
    return next;
  }

  async setConsent(c: DeskCaller, id: string, input: unknown): Promise<DeskReport> {
    const r = await this.visible(c, id);
    if (!isReporterSide(c, r)) throw forbidden('Only the organization that filed the report decides who receives it.');
    if (!canEditReport(c, r)) throw conflict(`The report is ${r.status}; its consent can no longer change.`);
    const body = input as { consent?: unknown } | null;
    const read = readConsent(body && typeof body === 'object' ? body.consent : undefined, await this.recipientSlugs());
    if (!read.ok) throw invalid('The consent is invalid; nothing was changed.', read.errors);
    const next = await this.change(r, { consent: read.consent }, ['new', 'triaged']);
    await this.record(next, c, 'consent', { consent: read.consent });
    return next;
  }

  private async deskOnly(c: DeskCaller, id: string): Promise<DeskReport> {
    const r = await this.visible(c, id);
    if (!canWorkReport(c)) throw forbidden('Only desk staff may do this.');
    return r;
  }

  async triage(c: DeskCaller, id: string, note: string | undefined): Promise<DeskReport> {
    const r = await this.deskOnly(c, id);
    if (r.status !== 'new') throw conflict(`The report is ${r.status}; only a new report can be triaged.`);
    const next = await this.change(r, { status: 'triaged' }, ['new']);
    await this.record(next, c, 'triaged', note ? { note } : {});
    return next;
  }

  async assign(c: DeskCaller, id: string, assigneeEmail: string | null): Promise<DeskReport> {
    const r = await this.deskOnly(c, id);
    let assigneeId: string | null = null;
    if (assigneeEmail !== null) {
      const u = await this.store.identity.getUser({ email: assigneeEmail.trim().toLowerCase() });
      if (!u || u.disabled || !(await this.store.desk.isStaff(u.id))) throw invalid('The assignee must be desk staff.', [{ property: 'assignee', message: 'is not desk staff' }]);
      assigneeId = u.id;
    }
    const next = await this.change(r, { assigneeId });
    await this.record(next, c, 'assigned', { assignee: assigneeEmail });
    return next;
  }

  async close(c: DeskCaller, id: string, resolution: unknown): Promise<DeskReport> {
    const r = await this.deskOnly(c, id);
    if (typeof resolution !== 'string' || resolution.trim() === '' || resolution.length > MAX_RESOLUTION) {
      throw invalid('Say how the report was resolved.', [{ property: 'resolution', message: `is required: text of at most ${MAX_RESOLUTION} characters` }]);
    }
    if (r.status !== 'triaged' && r.status !== 'routed') throw conflict(`The report is ${r.status}; only a triaged or routed report can be closed.`);
    const next = await this.change(r, { status: 'closed', body: { ...r.body, resolution } }, ['triaged', 'routed']);
    await this.record(next, c, 'closed', { resolution });
    return next;
  }

  async reopen(c: DeskCaller, id: string, note: string | undefined): Promise<DeskReport> {
    const r = await this.deskOnly(c, id);
    if (r.status !== 'closed') throw conflict(`The report is ${r.status}; only a closed report can be reopened.`);
    const next = await this.change(r, { status: r.routed.length > 0 ? 'routed' : 'triaged' }, ['closed']);
    await this.record(next, c, 'reopened', note ? { note } : {});
    return next;
  }

  async list(c: DeskCaller, q: { statuses?: DeskStatus[]; types?: string[]; assigneeMe?: boolean; mineOnly?: boolean; title?: string; before?: number; limit: number }): Promise<DeskReport[]> {
    return this.store.desk.listReports({
      ...reportListScope(c), statuses: q.statuses, types: q.types, titleContains: q.title, beforeNumber: q.before, limit: q.limit,
      ...(q.assigneeMe ? { assigneeId: c.principal.user.id } : {}),
      // desk staff too may ask for their own organization's reports only (never wider than the scope)
      ...(q.mineOnly ? { orgId: c.principal.org.id } : {}),
    });
  }

  async messages(c: DeskCaller, id: string): Promise<DeskMessage[]> {
    await this.visible(c, id);
    return this.store.desk.listMessages(id);
  }

  async post(c: DeskCaller, id: string, body: unknown): Promise<DeskMessage> {
    const r = await this.visible(c, id);
    if (!canTalkOnReport(c, r)) throw notFound();
    if (typeof body !== 'string' || body.trim() === '' || body.length > MAX_MESSAGE) {
      throw invalid('The message is empty or too long.', [{ property: 'body', message: `must be text of 1 to ${MAX_MESSAGE} characters` }]);
    }
    const m: DeskMessage = {
      id: randomUUID(), reportId: r.id, authorId: c.principal.user.id, side: sideOf(c, r),
      body, createdAt: this.now().toISOString(),
    };
    await this.store.desk.addMessage(m);
    await this.record(r, c, 'message', { message: m.id });
    return m;
  }

  async activity(c: DeskCaller, id: string): Promise<DeskActivity[]> {
    await this.visible(c, id);
    return this.store.desk.listActivity(id);
  }

  async listAttachments(c: DeskCaller, id: string): Promise<AttachmentMeta[]> {
    await this.visible(c, id);
    return this.attachments.list(attachmentScope(id));
  }

  /** Stores an upload (AttachmentError from the service when refused). */
  async upload(c: DeskCaller, id: string, filename: string, declaredType: string | undefined, content: Buffer): Promise<AttachmentMeta> {
    const r = await this.visible(c, id);
    if (!canUploadAttachment(c, r)) throw conflict('The report is closed; attachments can no longer be added.');
    const meta = await this.attachments.add({
      scope: attachmentScope(r.id), ownerOrgId: r.orgId, createdBy: c.principal.user.id, filename, ...(declaredType ? { declaredType } : {}), content,
    });
    await this.record(r, c, 'attachment-added', { attachment: meta.id, filename: meta.filename, size: meta.size, sha256: meta.sha256 });
    return meta;
  }

  /** The bytes of one of the report's attachments, for desk staff; the download is in the activity. */
  async download(c: DeskCaller, id: string, attachmentId: string): Promise<{ meta: AttachmentMeta; content: Buffer }> {
    const r = await this.visible(c, id);
    const meta = await this.attachments.get(attachmentId);
    if (!meta || meta.scope !== attachmentScope(r.id)) throw notFound('attachment');
    if (!canDownloadAttachment(c)) throw forbidden('Attachments are served to desk staff only.');
    const read = await this.attachments.read(meta);
    if (!read) throw notFound('attachment');
    await this.record(r, c, 'attachment-downloaded', { attachment: meta.id, sha256: meta.sha256 });
    return read;
  }

  async removeAttachment(c: DeskCaller, id: string, attachmentId: string): Promise<void> {
    const r = await this.visible(c, id);
    const meta = await this.attachments.get(attachmentId);
    if (!meta || meta.scope !== attachmentScope(r.id)) throw notFound('attachment');
    if (!canRemoveAttachment(c, r)) throw conflict(`The report is ${r.status}; its attachments stay.`);
    await this.attachments.remove(attachmentId);
    await this.record(r, c, 'attachment-removed', { attachment: meta.id, filename: meta.filename });
  }
}

/** Which side of the desk the caller speaks for on this report (desk staff from the filing organization speak as the desk). */
function sideOf(c: DeskCaller, r: DeskReport): 'reporter' | 'desk' {
  return isReporterSide(c, r) && !c.staff ? 'reporter' : 'desk';
}

/** The body without cleared (null) properties. */
function dropNulls(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== undefined));
}

/** A new updated_at strictly after the previous one, so the optimistic guard always sees a change. */
function laterThan(previous: string, now: Date): string {
  const p = Date.parse(previous);
  return new Date(Math.max(now.getTime(), p + 1)).toISOString();
}
