/**
 * Supplier-assessment test helpers: a seeded hub with a supplier organization `vendor`
 * (analyst sec@vendor.example, reader staff@vendor.example) beside the standard seed (acme, bank,
 * power as buyers), and calls that walk an assessment to submission over HTTP.
 */
import { expect } from 'vitest';
import { getQuestionnaire } from '../../src/assess/index.js';
import { startTestHub, type Backend, type TestHub, type TestHubOptions } from '../support/hub.js';
import { rest, type RestReq, type RestRes } from '../support/rest.js';

export interface SupplyHub {
  hub: TestHub;
  /** token secrets of the vendor's users */
  vendor: { analyst: string; reader: string };
}

export const VENDOR_EMAIL = 'sec@vendor.example';

export async function startSupplyHub(backend: Backend, opts: TestHubOptions = {}): Promise<SupplyHub | { skip: string }> {
  const started = await startTestHub({ ...opts, backend });
  if ('skip' in started) return started;
  const hub = started;
  await hub.ctx.identity.addOrganization({ slug: 'vendor', name: 'Vendor KK', kind: 'company', sector: 'ict', country: 'JP' });
  await hub.ctx.identity.addUser({ email: VENDOR_EMAIL, org: 'vendor', role: 'analyst' });
  await hub.ctx.identity.addUser({ email: 'staff@vendor.example', org: 'vendor', role: 'reader' });
  return {
    hub,
    vendor: {
      analyst: (await hub.ctx.identity.addToken(VENDOR_EMAIL, 'tests')).secret,
      reader: (await hub.ctx.identity.addToken('staff@vendor.example', 'tests')).secret,
    },
  };
}

type As = RestReq['as'];

export async function call(hub: TestHub, as: As, method: string, path: string, body?: unknown): Promise<RestRes> {
  return rest(hub, method, path, { as, ...(body !== undefined ? { body } : {}) });
}

/** YYYY-MM-DD, `days` from today (UTC). */
export const inDays = (days: number, from = new Date()): string => new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);

export async function invite(hub: TestHub, as: As, supplierEmail: string, extra: Record<string, unknown> = {}): Promise<RestRes> {
  const res = await call(hub, as, 'POST', '/supply/requests', { supplier_email: supplierEmail, level: 'level-3', due_date: inDays(30), ...extra });
  return res;
}

/** Every question of the level answered with `value`. */
export function allAnswers(level: string, value = 'met'): Record<string, string> {
  const q = getQuestionnaire('supply-chain')!;
  return Object.fromEntries(q.questions.filter((x) => !x.levels || x.levels.includes(level)).map((x) => [x.id, value]));
}

export const EXPERT = { kind: 'expert', name: '佐藤 花子', organization: 'Example Audit LLC', qualification: 'CISA', date: inDays(-3) };
export const THIRD_PARTY = { kind: 'third-party', evaluator: 'Example Assurance KK', reference: 'EA-2026-0042', date: inDays(-3) };

/** A PDF-looking evidence file. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export async function uploadEvidence(hub: TestHub, token: string, assessmentId: string, filename: string, content: Buffer, query = ''): Promise<RestRes> {
  const res = await fetch(`${hub.url}/api/v1/supply/assessments/${assessmentId}/evidence?filename=${encodeURIComponent(filename)}${query}`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', accept: 'application/json' }, body: content,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export async function download(hub: TestHub, as: As, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = typeof as === 'string' ? hub.auth(as) : `Bearer ${as.token}`;
  const res = await fetch(`${hub.url}/api/v1${path}`, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The vendor answers a request completely, confirms, attaches a PDF and submits; returns the assessment id and evidence id. */
export async function answerAndSubmit(s: SupplyHub, requestId: string, opts: { value?: string; confirmation?: Record<string, unknown> } = {}): Promise<{ id: string; evidenceId: string }> {
  const { hub } = s;
  const token = { token: s.vendor.analyst };
  const started = await call(hub, token, 'POST', `/supply/requests/${requestId}/assessment`);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const id = started.body.id as string;
  const level = started.body.level as string;
  const answered = await call(hub, token, 'PUT', `/supply/assessments/${id}/answers`, { answers: allAnswers(level, opts.value ?? 'met') });
  expect(answered.status, JSON.stringify(answered.body)).toBe(200);
  const confirmed = await call(hub, token, 'PUT', `/supply/assessments/${id}/confirmation`, opts.confirmation ?? (level === 'level-3' ? EXPERT : THIRD_PARTY));
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  const ev = await uploadEvidence(hub, s.vendor.analyst, id, 'soc2-type2-2026.pdf', PDF, '&type=application/pdf&kind=audit-report');
  expect(ev.status, JSON.stringify(ev.body)).toBe(201);
  const submitted = await call(hub, token, 'POST', `/supply/assessments/${id}/submit`);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return { id, evidenceId: ev.body.id as string };
}

export async function share(s: SupplyHub, assessmentId: string, allCustomers: boolean, organizations: string[]): Promise<RestRes> {
  return call(s.hub, { token: s.vendor.analyst }, 'PUT', `/supply/assessments/${assessmentId}/shares`, { all_customers: allCustomers, organizations });
}
