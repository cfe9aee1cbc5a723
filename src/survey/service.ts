/**
 * Surveys (docs/posture.md): an operator sends a questionnaire to member organizations, each
 * answers once, results are shown by sector and size only where 5 organizations stand behind a
 * figure (results.ts). Every decision is the policy's (src/policy/posture-access.ts).
 *
 * A survey whose closing date has passed is treated as closed even before an operator closes it.
 */
import { randomUUID } from 'node:crypto';
import { scoreAnswers, type Answers, type Lang, type Questionnaire, type ScoreResult, type Text } from '../assess/index.js';
import type { Principal } from '../identity/principal.js';
import { canAnswerSurvey, canManageSurveys, canReadSurveyResults, canSeeSurvey } from '../policy/posture-access.js';
import { checkAnswers, checkComplete, mergeAnswers, questionnaireOf } from '../posture/assessments.js';
import { auditPosture } from '../posture/audit.js';
import { conflict, forbidden, invalid, notFound, todayUtc } from '../posture/errors.js';
import type { PostureMailer } from '../posture/mail.js';
import type { Survey } from '../store/posture-types.js';
import type { Store } from '../store/types.js';
import { parseNewSurvey, type Audience } from './input.js';
import { resultsCsv, surveyResults, type Breakdown, type ResponseFacts, type SurveyResults } from './results.js';

export interface SurveyJson {
  id: string;
  title: Text;
  message: Text | null;
  questionnaire: { id: string; version: number; title: Text };
  audience: Audience;
  status: 'draft' | 'open' | 'closed';
  closes_on: string;
  created_at: string;
  sent_at: string | null;
  closed_at: string | null;
  targets: number;
  responses: number;
  response: null | { status: 'draft' | 'submitted'; answers?: Answers; result?: ScoreResult; submitted_at: string | null };
}

export interface SurveyServiceOptions {
  now?: () => Date;
  /** opens a mailer for one round of sending; null: no SMTP server, invitations are only shown in the portal */
  mailer?: () => PostureMailer | null;
  /** the portal's public URL, for links in emails */
  baseUrl?: string;
  log?: { warn(obj: unknown, msg: string): void };
}

export class SurveyService {
  private readonly now: () => Date;
  constructor(private readonly store: Store, private readonly opts: SurveyServiceOptions = {}) {
    this.now = opts.now ?? (() => new Date());
  }

  private status(s: Survey): SurveyJson['status'] {
    return s.status === 'open' && s.closesOn < todayUtc(this.now()) ? 'closed' : s.status;
  }

  private async visible(p: Principal, id: string): Promise<{ survey: Survey; target: boolean }> {
    const survey = await this.store.surveys.get(id);
    const target = survey ? await this.store.surveys.isTarget(id, p.org.id) : false;
    if (!survey || !canSeeSurvey(p, survey, target)) throw notFound(`No survey ${id.slice(0, 80)}.`);
    return { survey, target };
  }

  private async json(p: Principal, s: Survey, full: boolean, counts?: { targets: number; responses: number }): Promise<SurveyJson> {
    const q = questionnaireOf(s);
    const c = counts ?? (await this.store.surveys.counts([s.id])).get(s.id)!;
    const audience = JSON.parse(s.audience) as Audience;
    // audience organizations are stored as ids; shown as slugs, and only to operators: a member
    // surveyed is not told which other organizations were named
    const named = canManageSurveys(p) ? audience.organizations : [];
    const orgs = await Promise.all(named.map((id) => this.store.identity.getOrganization({ id })));
    let response: SurveyJson['response'] = null;
    if (!canManageSurveys(p) || (await this.store.surveys.isTarget(s.id, p.org.id))) {
      const r = await this.store.surveys.getResponse(s.id, p.org.id);
      if (r) {
        const answers = JSON.parse(r.answers) as Answers;
        response = {
          status: r.status, submitted_at: r.submittedAt,
          ...(full ? { answers, result: r.result ? (JSON.parse(r.result) as ScoreResult) : scoreAnswers(q, answers) } : {}),
        };
      }
    }
    return {
      id: s.id, title: JSON.parse(s.title) as Text, message: s.message ? (JSON.parse(s.message) as Text) : null,
      questionnaire: { id: q.id, version: q.version, title: q.title },
      audience: { ...audience, organizations: orgs.flatMap((o) => (o ? [o.slug] : [])) },
      status: this.status(s), closes_on: s.closesOn, created_at: s.createdAt, sent_at: s.sentAt, closed_at: s.closedAt,
      targets: c.targets, responses: c.responses, response,
    };
  }

  async list(p: Principal): Promise<SurveyJson[]> {
    const rows = canManageSurveys(p) ? await this.store.surveys.list() : await this.store.surveys.listForOrg(p.org.id);
    const counts = await this.store.surveys.counts(rows.map((s) => s.id));
    return Promise.all(rows.map((s) => this.json(p, s, false, counts.get(s.id))));
  }

  async get(p: Principal, id: string): Promise<SurveyJson> {
    const { survey } = await this.visible(p, id);
    return this.json(p, survey, true);
  }

  async create(p: Principal, body: unknown): Promise<SurveyJson> {
    if (!canManageSurveys(p)) throw forbidden('Surveys are run by the hub operators.');
    const now = this.now();
    const input = parseNewSurvey(body, now);
    const ids: string[] = [];
    for (const slug of input.audience.organizations) {
      const org = await this.store.identity.getOrganization({ slug });
      if (!org) throw invalid(`No organization ${slug.slice(0, 80)}.`, [{ property: 'audience.organizations', message: `unknown organization ${slug.slice(0, 80)}` }]);
      ids.push(org.id);
    }
    const at = now.toISOString();
    const s: Survey = {
      id: randomUUID(), title: JSON.stringify(input.title), message: input.message ? JSON.stringify(input.message) : null,
      questionnaireId: input.questionnaire.id, questionnaireVersion: input.questionnaire.version,
      audience: JSON.stringify({ ...input.audience, organizations: ids }), status: 'draft', closesOn: input.closesOn,
      createdBy: p.user.email, createdAt: at, sentAt: null, closedAt: null,
    };
    await this.store.surveys.create(s);
    await auditPosture(this.store, p, 'survey.create', s.id, { questionnaire: s.questionnaireId, version: s.questionnaireVersion }, at);
    return this.json(p, s, true, { targets: 0, responses: 0 });
  }

  /** The organizations the audience names now: matching every non-empty filter, or named; never an operator's or a peer hub's organization. */
  private async resolveTargets(audience: Audience): Promise<string[]> {
    const orgs = await this.store.identity.listOrganizations();
    // a peer hub's organization stands for the peer, which answers no survey
    const peerOrgs = await this.store.peers.orgIds();
    const out: string[] = [];
    const filtered = audience.sectors.length > 0 || audience.kinds.length > 0;
    const named = new Set(audience.organizations);
    for (const o of orgs) {
      const matches = named.has(o.id)
        || (filtered && (audience.sectors.length === 0 || audience.sectors.includes(o.sector)) && (audience.kinds.length === 0 || audience.kinds.includes(o.kind)))
        || (!filtered && named.size === 0);
      if (!matches || peerOrgs.has(o.id)) continue;
      const users = await this.store.identity.listUsers(o.id);
      if (users.some((u) => u.role === 'operator')) continue;
      out.push(o.id);
    }
    return out;
  }

  async send(p: Principal, id: string): Promise<SurveyJson> {
    if (!canManageSurveys(p)) throw forbidden('Surveys are run by the hub operators.');
    const survey = await this.store.surveys.get(id);
    if (!survey) throw notFound(`No survey ${id.slice(0, 80)}.`);
    if (survey.status !== 'draft') throw conflict('This survey was sent already.');
    const targets = await this.resolveTargets(JSON.parse(survey.audience) as Audience);
    if (targets.length === 0) throw invalid('No organization matches the audience.', [{ property: 'audience', message: 'matches no organization' }]);
    const at = this.now().toISOString();
    if (!(await this.store.surveys.send(id, targets, at))) throw conflict('This survey was sent meanwhile.');
    await auditPosture(this.store, p, 'survey.send', id, { targets: targets.length }, at);
    try {
      await this.invite({ ...survey, status: 'open', sentAt: at }, targets);
    } catch (err) {
      // the survey is open and shown in the portal either way; the email is a courtesy
      this.opts.log?.warn({ err, survey: id }, 'survey: an invitation email could not be sent');
    }
    return this.json(p, { ...survey, status: 'open', sentAt: at }, true);
  }

  /** Emails each target's org-admins (both languages); a failure is logged, never undoes the send. */
  private async invite(s: Survey, targets: string[]): Promise<void> {
    const mailer = this.opts.mailer?.();
    if (!mailer) return;
    try {
      await this.inviteWith(mailer, s, targets);
    } finally {
      mailer.close();
    }
  }

  private async inviteWith(mailer: PostureMailer, s: Survey, targets: string[]): Promise<void> {
    const title = JSON.parse(s.title) as Text;
    const message = s.message ? (JSON.parse(s.message) as Text) : null;
    const link = `${this.opts.baseUrl ?? ''}/surveys/${s.id}`;
    for (const orgId of targets) {
      for (const u of await this.store.identity.listUsers(orgId)) {
        if (u.role !== 'org-admin' || u.disabled) continue;
        await mailer.send({
          to: u.email,
          subject: `[Kyojo] アンケートのお願い / Survey: ${title.ja} / ${title.en}`,
          text: [
            `${title.ja}`, message?.ja ?? '', `回答期限: ${s.closesOn}`, `回答はこちら: ${link}`, '', '----', '',
            `${title.en}`, message?.en ?? '', `Please answer by ${s.closesOn}: ${link}`, '',
            '結果は5組織以上が回答した区分のみ集計して公表されます。 / Results are published only where at least 5 organizations stand behind a figure.',
          ].join('\n'),
        });
      }
    }
  }

  async close(p: Principal, id: string): Promise<SurveyJson> {
    if (!canManageSurveys(p)) throw forbidden('Surveys are run by the hub operators.');
    const survey = await this.store.surveys.get(id);
    if (!survey) throw notFound(`No survey ${id.slice(0, 80)}.`);
    const at = this.now().toISOString();
    if (survey.status !== 'open' || !(await this.store.surveys.close(id, at))) throw conflict('Only an open survey can be closed.');
    await auditPosture(this.store, p, 'survey.close', id, {}, at);
    return this.json(p, { ...survey, status: 'closed', closedAt: at }, true);
  }

  private async answerable(p: Principal, id: string): Promise<{ survey: Survey; q: Questionnaire }> {
    const { survey, target } = await this.visible(p, id);
    if (!target) throw notFound(`No survey ${id.slice(0, 80)} for your organization.`);
    if (this.status(survey) !== 'open') throw conflict('This survey is closed.');
    if (!canAnswerSurvey(p, survey, target)) throw forbidden('Only your organization\'s admins and analysts may answer surveys.');
    return { survey, q: questionnaireOf(survey) };
  }

  async answer(p: Principal, id: string, patch: unknown): Promise<SurveyJson> {
    const { survey, q } = await this.answerable(p, id);
    const current = await this.store.surveys.getResponse(id, p.org.id);
    if (current?.status === 'submitted') throw conflict('Your organization has submitted its response.');
    const answers = mergeAnswers(current ? (JSON.parse(current.answers) as Answers) : {}, patch);
    checkAnswers(q, answers);
    if (!(await this.store.surveys.saveDraft(id, p.org.id, JSON.stringify(answers), this.now().toISOString()))) throw conflict('Your organization has submitted its response.');
    return this.json(p, survey, true);
  }

  async submit(p: Principal, id: string): Promise<SurveyJson> {
    const { survey, q } = await this.answerable(p, id);
    const current = await this.store.surveys.getResponse(id, p.org.id);
    if (current?.status === 'submitted') throw conflict('Your organization has submitted its response.');
    const answers = current ? (JSON.parse(current.answers) as Answers) : {};
    checkComplete(q, answers);
    const result = scoreAnswers(q, answers);
    const at = this.now().toISOString();
    if (!(await this.store.surveys.submitResponse(id, p.org.id, { answers: JSON.stringify(answers), result: JSON.stringify(result), by: p.user.email, at }))) {
      throw conflict('Your organization has submitted its response.');
    }
    await auditPosture(this.store, p, 'survey.respond', id, { org: p.org.slug }, at);
    return this.json(p, survey, true);
  }

  async results(p: Principal, id: string, by: Breakdown): Promise<SurveyResults> {
    const { survey, target } = await this.visible(p, id);
    if (!canReadSurveyResults(p, { status: this.status(survey) }, target)) throw forbidden('The results are shown once the survey is closed (to the operators and the organizations surveyed).');
    const q = questionnaireOf(survey);
    const responses = await this.store.surveys.submittedResponses(id);
    const orgIds = responses.map((r) => r.orgId);
    const [orgs, profiles] = await Promise.all([this.store.identity.listOrganizations(), this.store.posture.listProfiles(orgIds)]);
    const sectorOf = new Map(orgs.map((o) => [o.id, o.sector]));
    const sizeOf = new Map(profiles.map((pr) => [pr.orgId, (JSON.parse(pr.profile) as { size?: string | null }).size ?? null]));
    const facts: ResponseFacts[] = responses.map((r) => ({
      orgId: r.orgId, sector: sectorOf.get(r.orgId) ?? 'other', size: sizeOf.get(r.orgId) ?? null,
      answers: JSON.parse(r.answers) as Answers, result: JSON.parse(r.result!) as ScoreResult,
    }));
    return surveyResults({ id: survey.id, title: JSON.parse(survey.title) as Text }, q, facts, by);
  }

  async csv(p: Principal, id: string, by: Breakdown, lang: Lang): Promise<string> {
    return resultsCsv(await this.results(p, id, by), lang);
  }
}
