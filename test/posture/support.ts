/** Helpers of the posture tests: extra organizations and members with tokens, answer sets. */
import { getQuestionnaire } from '../../src/assess/index.js';
import type { Answers } from '../../src/assess/types.js';
import type { OrgKind, Role, Tier } from '../../src/store/types.js';
import type { TestHub } from '../support/hub.js';

/** Adds a member (and its organization when new); returns its token as `rest`'s `as`. */
export async function member(hub: TestHub, m: { email: string; org: string; role: Role; tier?: Tier; sector?: string; kind?: OrgKind }): Promise<{ token: string }> {
  const existing = await hub.ctx.store.identity.getOrganization({ slug: m.org });
  if (!existing) await hub.ctx.identity.addOrganization({ slug: m.org, name: `Org ${m.org}`, kind: m.kind ?? 'company', sector: m.sector ?? 'finance', country: 'JP' });
  await hub.ctx.identity.addUser({ email: m.email, org: m.org, role: m.role, ...(m.tier ? { tier: m.tier } : {}) });
  return { token: (await hub.ctx.identity.addToken(m.email, 'tests')).secret };
}

/** Every question of a questionnaire answered with one value. */
export function allAnswers(id: string, value: string): Answers {
  const q = getQuestionnaire(id)!;
  return Object.fromEntries(q.questions.map((x) => [x.id, value]));
}
