/**
 * Requests: a buyer invites a supplier by email to answer the supply-chain questionnaire at a
 * level by a due date; the supplier sees it in its inbox and may decline; the buyer may withdraw.
 *
 * A supplier not on the hub yet: the request keeps the email only, and attaches to an
 * organization as soon as a user with that email exists — at once when inviting, when that user
 * opens the inbox, or in the next reminder round (after the operator registered it).
 */
import { randomUUID } from 'node:crypto';
import { getQuestionnaire } from '../assess/index.js';
import { checkEmail, IdentityInputError } from '../identity/validation.js';
import type { Principal } from '../identity/principal.js';
import { canActForSupplier, canManageSupplyRequests, canSeeRequest, isBuyerOf, isSupplierOf } from '../policy/supply-access.js';
import { checkDate as calendarDateError } from '../posture/errors.js';
import type { SupplyRequest } from '../store/supply-types.js';
import { ConflictError } from '../store/types.js';
import { audit, SUPPLY_QUESTIONNAIRE, type SupplyDeps } from './deps.js';
import { conflict, forbidden, invalid, notFound } from './errors.js';
import { requestState, supplierFacts } from './facts.js';
import { orgRefs, requestJson } from './json.js';

export interface RequestInput {
  supplierEmail: string;
  level: string;
  dueDate: string;
  tier?: number;
  relationship?: string;
  message?: string;
}

const RELATIONSHIP = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,39}$/u;
const MAX_MESSAGE = 2000;

/** A calendar date YYYY-MM-DD that exists (posture's check); the message names `what`. */
export function checkDate(what: string, s: string): string {
  const why = calendarDateError(s);
  if (why) throw invalid(`${what} ${why}, got '${s.slice(0, 40)}'.`, what);
  return s;
}

export function levelsOfSupplyChain(): string[] {
  return (getQuestionnaire(SUPPLY_QUESTIONNAIRE)?.levels ?? []).map((l) => l.id);
}

export function checkLevelId(level: string): string {
  const levels = levelsOfSupplyChain();
  if (!levels.includes(level)) throw invalid(`level '${level.slice(0, 40)}' is not one of: ${levels.join(', ')}.`, 'level');
  return level;
}

async function views(d: SupplyDeps, requests: SupplyRequest[]) {
  const [orgs, facts] = await Promise.all([
    orgRefs(d.store, requests.flatMap((r) => [r.buyerOrgId, r.supplierOrgId])),
    supplierFacts(d.store, requests.flatMap((r) => (r.supplierOrgId ? [r.supplierOrgId] : []))),
  ]);
  const now = d.now();
  return requests.map((r) => requestJson(r, orgs, requestState(r, facts, now)));
}

export async function inviteSupplier(d: SupplyDeps, p: Principal, input: RequestInput) {
  if (!canManageSupplyRequests(p)) throw forbidden('Only analysts and organization admins may ask suppliers for assessments.');
  let email: string;
  try {
    email = checkEmail(input.supplierEmail);
  } catch (e) {
    if (e instanceof IdentityInputError) throw invalid(e.message, 'supplier_email');
    throw e;
  }
  checkLevelId(input.level);
  checkDate('due_date', input.dueDate);
  const now = d.now();
  const today = now.toISOString().slice(0, 10);
  if (input.dueDate < today) throw invalid(`due_date ${input.dueDate} is in the past.`, 'due_date');
  const tier = input.tier ?? 1;
  if (!Number.isInteger(tier) || tier < 1 || tier > 3) throw invalid('tier must be 1, 2 or 3 (1 = a direct supplier).', 'tier');
  const relationship = input.relationship?.trim() || null;
  if (relationship !== null && !RELATIONSHIP.test(relationship)) throw invalid('relationship must be a short label (up to 40 letters, digits, spaces, - _ .).', 'relationship');
  const message = input.message?.trim() || null;
  if (message !== null && message.length > MAX_MESSAGE) throw invalid(`message must be at most ${MAX_MESSAGE} characters.`, 'message');
  const existing = await d.store.identity.getUser({ email });
  if (existing && existing.orgId === p.org.id) throw invalid(`${email} belongs to your own organization; ask a supplier's address.`, 'supplier_email');
  const q = getQuestionnaire(SUPPLY_QUESTIONNAIRE)!;
  const r: SupplyRequest = {
    // the supplier's organization is attached only when the addressee acts (opens its inbox, answers,
    // declines): set here, it would tell any analyst which organization an address belongs to
    id: randomUUID(), buyerOrgId: p.org.id, supplierEmail: email, supplierOrgId: null,
    questionnaireId: q.id, level: input.level, dueDate: input.dueDate, tier, relationship, message, status: 'open', declineReason: null,
    createdBy: p.user.id, createdAt: now.toISOString(), updatedAt: now.toISOString(),
  };
  try {
    await d.store.supply.addRequest(r);
  } catch (e) {
    if (e instanceof ConflictError) throw conflict(`Your organization already has an open request to ${email}.`);
    throw e;
  }
  await audit(d, p, 'supply.request.create', r.id, { supplier_email: email, level: r.level, due_date: r.dueDate });
  // the invitation goes out now when it can; a failure is retried by the reminder rounds
  void d.notices.invite(r).catch(() => undefined);
  return (await views(d, [r]))[0]!;
}

export async function buyerRequests(d: SupplyDeps, p: Principal) {
  return views(d, await d.store.supply.listRequestsByBuyer(p.org.id));
}

/** Requests to the caller's organization, after attaching those addressed to the caller's email. */
export async function inbox(d: SupplyDeps, p: Principal) {
  await d.store.supply.attachRequests(p.user.email.toLowerCase(), p.org.id, d.now().toISOString());
  return views(d, await d.store.supply.listRequestsBySupplier(p.org.id));
}

/** A request the caller may see (404 otherwise). */
export async function visibleRequest(d: SupplyDeps, p: Principal, id: string): Promise<SupplyRequest> {
  const r = await d.store.supply.getRequest(id);
  if (!r || !canSeeRequest(p, r)) throw notFound('supply request');
  return r;
}

export async function requestView(d: SupplyDeps, p: Principal, id: string) {
  return (await views(d, [await visibleRequest(d, p, id)]))[0]!;
}

export async function withdrawRequest(d: SupplyDeps, p: Principal, id: string) {
  const r = await visibleRequest(d, p, id);
  if (!isBuyerOf(p, r)) throw notFound('supply request');
  if (!canManageSupplyRequests(p)) throw forbidden('Only analysts and organization admins may withdraw requests.');
  if (!(await d.store.supply.closeRequest(r.id, 'withdrawn', null, d.now().toISOString()))) throw conflict(`The request is ${r.status} already.`);
  await audit(d, p, 'supply.request.withdraw', r.id, {});
  return requestView(d, p, id);
}

export async function declineRequest(d: SupplyDeps, p: Principal, id: string, reason: string | undefined) {
  const r = await visibleRequest(d, p, id);
  if (!isSupplierOf(p, r)) throw notFound('supply request');
  if (!canActForSupplier(p, p.org.id)) throw forbidden('Only analysts and organization admins may decline requests.');
  const why = reason?.trim() || null;
  if (why !== null && why.length > MAX_MESSAGE) throw invalid(`reason must be at most ${MAX_MESSAGE} characters.`, 'reason');
  if (r.supplierOrgId === null) await d.store.supply.attachRequests(r.supplierEmail, p.org.id, d.now().toISOString());
  if (!(await d.store.supply.closeRequest(r.id, 'declined', why, d.now().toISOString()))) throw conflict(`The request is ${r.status} already.`);
  await audit(d, p, 'supply.request.decline', r.id, { reason: why });
  return requestView(d, p, id);
}
