/**
 * Organization posture: the profile (roles and bodies), the declaration of commitment, and
 * the overview the portal's posture page opens with. Assessments are assessments.ts; the
 * sector average is benchmark.ts. Every decision is the policy's (posture-access.ts).
 */
import { randomUUID } from 'node:crypto';
import { getQuestionnaire } from '../assess/index.js';
import type { Principal } from '../identity/principal.js';
import { canEditPosture, canReadPosture, canSignDeclaration } from '../policy/posture-access.js';
import type { Store } from '../store/types.js';
import { AssessmentService, latestOf, refOf, resultOf } from './assessments.js';
import { auditPosture } from './audit.js';
import { ARTICLES_VERSION, declarationJson, type DeclarationJson } from './declaration.js';
import { checkDate, forbidden, invalid, notFound, todayUtc } from './errors.js';
import { parseProfile, profileOf, type Profile } from './profile.js';

const MAX_NOTE = 1000;
const MAX_SIGNER = 200;

export class PostureService {
  readonly assessments: AssessmentService;

  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {
    this.assessments = new AssessmentService(store, now);
  }

  private readable(p: Principal, orgId: string): void {
    if (!canReadPosture(p, orgId)) throw notFound('No such organization posture.');
  }

  async profile(p: Principal): Promise<Profile> {
    this.readable(p, p.org.id);
    return profileOf(await this.store.posture.getProfile(p.org.id));
  }

  async putProfile(p: Principal, body: unknown): Promise<Profile> {
    if (!canEditPosture(p, p.org.id)) throw forbidden('Only your organization\'s admins and analysts may change its profile.');
    const data = parseProfile(body);
    const at = this.now().toISOString();
    await this.store.posture.putProfile({ orgId: p.org.id, profile: JSON.stringify(data), updatedAt: at, updatedBy: p.user.email });
    await auditPosture(this.store, p, 'posture.profile', p.org.slug, { bodies: data.bodies.length, contacts: data.contacts.length, ciso: data.ciso !== null }, at);
    return { ...data, updated_at: at, updated_by: p.user.email };
  }

  async declarations(p: Principal): Promise<{ current: DeclarationJson | null; history: DeclarationJson[] }> {
    this.readable(p, p.org.id);
    const history = (await this.store.posture.listDeclarations(p.org.id)).map(declarationJson);
    return { current: history[0] ?? null, history };
  }

  async sign(p: Principal, body: unknown): Promise<DeclarationJson> {
    if (!canSignDeclaration(p, p.org.id)) throw forbidden('The declaration is signed by a member of the executive tier.');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be { signer_name, signer_title, signed_on, note? }.');
    const b = body as Record<string, unknown>;
    const errors: { property: string; message: string }[] = [];
    for (const k of Object.keys(b)) if (!['signer_name', 'signer_title', 'signed_on', 'note'].includes(k)) errors.push({ property: k, message: 'is not a property (expected signer_name, signer_title, signed_on, note)' });
    const str = (k: string, max: number, required: boolean): string | null => {
      const v = b[k];
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) { if (required) errors.push({ property: k, message: 'is required' }); return null; }
      if (typeof v !== 'string') { errors.push({ property: k, message: 'must be a string' }); return null; }
      if (v.trim().length > max) { errors.push({ property: k, message: `must be at most ${max} characters` }); return null; }
      return v.trim();
    };
    const signerName = str('signer_name', MAX_SIGNER, true);
    const signerTitle = str('signer_title', MAX_SIGNER, true);
    const note = str('note', MAX_NOTE, false);
    const dateError = checkDate(b.signed_on);
    const now = this.now();
    if (dateError) errors.push({ property: 'signed_on', message: dateError });
    else if ((b.signed_on as string) > todayUtc(now)) errors.push({ property: 'signed_on', message: 'must not be in the future' });
    if (errors.length) throw invalid('The declaration is invalid.', errors);
    const at = now.toISOString();
    const d = {
      id: randomUUID(), orgId: p.org.id, articlesVersion: ARTICLES_VERSION, signerName: signerName!, signerTitle: signerTitle!,
      signerEmail: p.user.email, signerUserId: p.user.id, signedOn: b.signed_on as string, note, createdAt: at,
    };
    await this.store.posture.addDeclaration(d);
    await auditPosture(this.store, p, 'posture.declaration', p.org.slug, { declaration: d.id, signed_on: d.signedOn }, at);
    return declarationJson(d);
  }

  async overview(p: Principal) {
    this.readable(p, p.org.id);
    const orgId = p.org.id;
    const [profileRow, decls, all] = await Promise.all([
      this.store.posture.getProfile(orgId), this.store.posture.listDeclarations(orgId), this.store.posture.listAssessments(orgId),
    ]);
    const latest = latestOf(all);
    const latestJson = latest.map((a) => {
      const q = getQuestionnaire(a.questionnaireId, a.questionnaireVersion)!;
      const r = resultOf(a);
      const previous = all.filter((x) => x.status === 'submitted' && x.questionnaireId === a.questionnaireId && x.id !== a.id)
        .sort((x, y) => ((y.submittedAt ?? '') < (x.submittedAt ?? '') ? -1 : 1))[0];
      return {
        questionnaire: refOf(q), assessment_id: a.id, score: r.score, band: r.band, submitted_at: a.submittedAt,
        previous_score: previous ? resultOf(previous).score : null,
      };
    }).sort((x, y) => (x.questionnaire.id < y.questionnaire.id ? -1 : 1));
    const openGaps = latest.reduce((n, a) => n + resultOf(a).gaps.length, 0);
    return {
      organization: { slug: p.org.slug, name: p.org.name, kind: p.org.kind, sector: p.org.sector },
      profile: profileOf(profileRow),
      declaration: decls[0] ? declarationJson(decls[0]) : null,
      latest: latestJson,
      drafts: all.filter((a) => a.status === 'draft').map((a) => ({ id: a.id, questionnaire: a.questionnaireId, updated_at: a.updatedAt })),
      open_gaps: openGaps,
      can_edit: canEditPosture(p, orgId),
      can_sign: canSignDeclaration(p, orgId),
    };
  }
}
