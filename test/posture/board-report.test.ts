/**
 * The board report over real HTTP: its content (scores, trend, radar against the sector only
 * with 5 organizations, gaps, supply chain, threats only as the reader may see them), its HTML
 * (self-contained, no scripts, its own CSP, chart elements), its PDF in Japanese and English
 * (text read back from the PDF, a page turned into PNG under test/artifacts/screenshots), the
 * 503 without a browser, and email: on demand and monthly, once per organization and month.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyBoardReports } from '../../src/board-report/mail.js';
import { postureMailer } from '../../src/posture/mail.js';
import { browserUnavailable, launchBrowser, SCREENSHOTS } from '../e2e/browser.js';
import { BACKENDS, startTestHub, type TestHub, type UserKey } from '../support/hub.js';
import { expectProblem, rest } from '../support/rest.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { pdfText, squeezed } from './pdf-text.js';
import { allAnswers, member } from './support.js';

type As = { token: string } | UserKey;

const malware = (name: string) => {
  const now = new Date().toISOString();
  return { type: 'malware', spec_version: '2.1', id: `malware--${randomUUID()}`, created: now, modified: now, name, is_family: true };
};

async function share(hub: TestHub, as: UserKey, name: string, envelope: Record<string, unknown>): Promise<void> {
  const res = await rest(hub, 'POST', '/shares', { as, body: { objects: [malware(name)], envelope } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.refused).toEqual([]);
}

async function submit(hub: TestHub, as: As, questionnaire: string, answers: Record<string, string>): Promise<void> {
  const s = await rest(hub, 'POST', '/posture/assessments', { as, body: { questionnaire } });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  await rest(hub, 'PUT', `/posture/assessments/${s.body.id}/answers`, { as, body: { answers } });
  const done = await rest(hub, 'POST', `/posture/assessments/${s.body.id}/submit`, { as });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

async function get(hub: TestHub, as: As, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const auth = typeof as === 'string' ? hub.auth(as) : `Bearer ${as.token}`;
  return fetch(`${hub.url}/api/v1${path}`, { headers: { authorization: auth, ...headers } });
}

/** Width and height from a PNG's IHDR. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe.each(BACKENDS)('board report (%s)', (backend) => {
  let hub: TestHub;
  let skip = '';
  const sink = new SmtpSink();
  let ceo: { token: string };
  const peers: { token: string }[] = [];

  beforeAll(async () => {
    await sink.start();
    const h = await startTestHub({ backend, config: { smtpUrl: sink.url } });
    if ('skip' in h) { skip = h.skip; await sink.stop(); return; }
    hub = h;
    ceo = await member(hub, { email: 'ceo@acme.example', org: 'acme', role: 'reader', tier: 'executive' });
    for (let i = 1; i <= 4; i++) peers.push(await member(hub, { email: `a@finpeer${i}.example`, org: `finpeer${i}`, role: 'analyst', sector: 'finance' }));
    await rest(hub, 'POST', '/posture/declaration', { as: ceo, body: { signer_name: '山田 太郎', signer_title: '代表取締役社長', signed_on: '2026-11-01' } });
    await submit(hub, 'acmeAnalyst', 'sme-self-check', allAnswers('sme-self-check', 'partly'));
    await submit(hub, 'acmeAnalyst', 'sme-self-check', { ...allAnswers('sme-self-check', 'yes'), o3: 'no', e2: 'partly' });
    await submit(hub, 'acmeAnalyst', 'management-maturity', { ...allAnswers('management-maturity', '4'), 'i9-1': '2', 'i9-2': '2', 'i10-1': '1' });
    for (let i = 0; i < 3; i++) await submit(hub, peers[i]!, 'management-maturity', allAnswers('management-maturity', '3'));
    // threats: one for the finance ISAC (flash, for executives), one only for bank's eyes, one for energy only
    await share(hub, 'bankAnalyst', 'FinStealer loader', { tlp: 'amber', audience: { communities: ['fin-isac'] }, classification: { info_type: 'threat', tier: ['executive'], timing: 'flash' } });
    await share(hub, 'bankAnalyst', 'Bank-internal-only kit', { tlp: 'amber+strict', audience: { organizations: ['bank'] } });
    await share(hub, 'powerAnalyst', 'GridWiper', { tlp: 'amber', audience: { communities: ['energy-isac'] } });
    // and one finance threat its provider lets only the portal carry: never in an email
    await share(hub, 'bankAnalyst', 'Portal-only kit', { tlp: 'amber', audience: { communities: ['fin-isac'] }, classification: { channels: ['portal'] } });
    // acme asks two suppliers for an assessment (supplier assessments' own routes)
    for (const email of ['security@vendor1.example', 'security@vendor2.example']) {
      const r = await rest(hub, 'POST', '/supply/requests', { as: 'acmeAnalyst', body: { supplier_email: email, level: 'level-3', due_date: '2999-12-31', relationship: 'cloud' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await hub?.close();
    await sink.stop();
  });

  it('data: scores with trend, gaps, declaration, supply status, and only the threats the reader may see', async (t) => {
    if (skip) return t.skip(skip);
    const d = (await rest(hub, 'GET', '/board-report/data?lang=en', { as: 'acmeReader' })).body;
    expect(d.organization).toMatchObject({ slug: 'acme', sector: 'finance' });
    const sme = d.posture.find((p: { questionnaire: { id: string } }) => p.questionnaire.id === 'sme-self-check');
    // 23 yes (92) + partly (2) = 94 after 50
    expect(sme).toMatchObject({ score: 94, change: 44 });
    expect(sme.trend.map((x: { score: number }) => x.score)).toEqual([50, 94]);
    expect(d.gaps[0]).toMatchObject({ question_id: 'o3', lost: 4 });
    expect(d.declaration).toEqual({ signed_on: '2026-11-01', signer: { name: '山田 太郎', title: '代表取締役社長' } });
    expect(d.supply).toMatchObject({ suppliers: 2, shared: 0, by_level_reached: { none: 2 } });
    expect(d.threats.map((x: { name: string }) => x.name)).toEqual(['FinStealer loader', 'Portal-only kit']);
    expect(d.threats[0]).toMatchObject({ tlp: 'amber', sector_match: true, info_type: 'threat' });
    // 4 finance organizations have a maturity assessment: no average
    expect(d.radar).toMatchObject({ organizations: 4, shown: false, average: null });
    expect(d.radar.own).toHaveLength(10);
    // the energy member sees its own sector's threat, not finance's
    const power = (await rest(hub, 'GET', '/board-report/data', { as: 'powerAnalyst' })).body;
    expect(power.threats.map((x: { name: string }) => x.name)).toEqual(['GridWiper']);
    expect(power.posture).toEqual([]);
  });

  it('HTML: self-contained, no scripts, its own CSP; the radar average appears once 5 organizations stand behind it', async (t) => {
    if (skip) return t.skip(skip);
    const four = await get(hub, 'acmeReader', '/board-report?lang=en');
    expect(four.status).toBe(200);
    expect(four.headers.get('content-type')).toContain('text/html');
    expect(four.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'");
    const html4 = await four.text();
    expect(html4).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html4).toContain('The sector average is not shown: 4 organization(s)');
    expect(html4).toContain('polygon class="own"');
    expect(html4).not.toContain('polygon class="average"');
    expect(html4).toContain('class="trend-line"');
    expect(html4).toContain('TLP:AMBER');
    expect(html4).not.toContain('Bank-internal-only kit');

    await submit(hub, peers[3]!, 'management-maturity', allAnswers('management-maturity', '3'));
    const html5 = await (await get(hub, 'acmeReader', '/board-report', { 'accept-language': 'ja,en;q=0.5' })).text();
    expect(html5).toContain('<html lang="ja">');
    expect(html5).toContain('polygon class="average"');
    expect(html5).toContain('業界平均（5組織）');
    expect(html5).toContain('サイバーセキュリティ 取締役会報告');
    // another organization's report is its own: nothing of acme's in it
    expect(html5).toContain('<b>2</b>依頼した取引先');
    const bank = await (await get(hub, 'bankAnalyst', '/board-report?lang=en')).text();
    expect(bank).not.toContain('ACME Bank');
    expect(bank).toContain('No assessment has been submitted yet');
    expectProblem(await rest(hub, 'GET', '/board-report?lang=fr', { as: 'acmeReader' }), 400);
  });

  it('email: executives get it now (admins and executives may send it); monthly once per organization and month', async (t) => {
    if (skip) return t.skip(skip);
    expectProblem(await rest(hub, 'POST', '/board-report/email', { as: 'acmeAnalyst' }), 403);
    const now = await rest(hub, 'POST', '/board-report/email?lang=en', { as: ceo });
    expect(now.status, JSON.stringify(now.body)).toBe(200);
    expect(now.body).toEqual({ sent: 1, recipients: ['ceo@acme.example'] });
    const mail = sink.mails.find((m) => m.to.includes('ceo@acme.example'))!;
    expect(mail.subject).toContain('Cyber security report to the board');
    const names = mail.parsed.attachments.map((a) => a.filename).sort();
    expect(names.filter((n) => n?.endsWith('.html'))).toHaveLength(2);
    // the classification's channels: a threat only the portal may carry is left out of the email
    expect(mail.html).toContain('FinStealer loader');
    expect(mail.html).not.toContain('Portal-only kit');
    for (const a of mail.parsed.attachments) expect(a.content.toString('utf8')).not.toContain('Portal-only kit');

    const before = sink.mails.length;
    const deps = { store: hub.ctx.store, identity: hub.ctx.identity, mailer: () => postureMailer(hub.ctx.config), pdf: false };
    const when = new Date('2026-12-01T09:00:00Z');
    // two replicas at once: one organization (acme: executives and a submitted assessment) is sent once
    const [a, b] = await Promise.all([monthlyBoardReports(deps, 'ja', when), monthlyBoardReports(deps, 'ja', when)]);
    expect(a + b).toBe(1);
    expect(await monthlyBoardReports(deps, 'ja', when)).toBe(0);
    expect(sink.mails.length - before).toBe(1);
    expect(sink.mails[sink.mails.length - 1]!.subject).toContain('2026年12月度');
    expect(await monthlyBoardReports(deps, 'ja', new Date('2027-01-01T09:00:00Z'))).toBe(1);
  });

  it('PDF: 503 with a clear problem when no browser exists (the HTML still works)', async (t) => {
    if (skip) return t.skip(skip);
    const saved = process.env.KYOJO_CHROMIUM_PATH;
    process.env.KYOJO_CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const p = expectProblem(await rest(hub, 'GET', '/board-report.pdf', { as: 'acmeReader' }), 503);
      expect(p.detail).toContain('KYOJO_CHROMIUM_PATH');
      expect((await get(hub, 'acmeReader', '/board-report')).status).toBe(200);
    } finally {
      if (saved === undefined) delete process.env.KYOJO_CHROMIUM_PATH;
      else process.env.KYOJO_CHROMIUM_PATH = saved;
    }
  });

  it.for(['ja', 'en'] as const)('PDF in %s: its text, and a page as PNG', async (lang, t) => {
    if (skip) return t.skip(skip);
    const why = browserUnavailable();
    if (why) return t.skip(why);
    const res = await get(hub, 'acmeReader', `/board-report.pdf?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`board-report-acme-\\d{4}-\\d{2}-${lang}\\.pdf`));
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = squeezed(pdfText(pdf));
    const expected = lang === 'ja'
      ? ['サイバーセキュリティ取締役会報告', 'ACMEBank', '業種:金融', '評価スコアと推移', '業界平均（5組織）', '優先して取り組むべき課題', 'FinStealerloader', '山田太郎']
      : ['Cybersecurityreporttotheboard', 'ACMEBank', 'Sector:Finance', 'Assessmentscoresandtrend', 'Sectoraverage(5organizations)', 'Opengapstoaddressfirst', 'FinStealerloader', '山田太郎'];
    for (const e of expected) expect(text, e).toContain(squeezed(e));
    expect(text).not.toContain('Bank-internal-only');

    // the same document as PNG, through Chromium
    const html = await (await get(hub, 'acmeReader', `/board-report?lang=${lang}`)).text();
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 900, height: 1200 } });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      expect(await page.locator('svg.radar polygon.average').count()).toBe(1);
      expect(await page.locator('svg.trend').count()).toBe(2);
      const box = await page.locator('svg.radar').boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      mkdirSync(SCREENSHOTS, { recursive: true });
      const png = await page.screenshot({ fullPage: true });
      writeFileSync(join(SCREENSHOTS, `board-report-${lang}.png`), png);
      const size = pngSize(png);
      expect(size.width).toBe(900);
      expect(size.height).toBeGreaterThan(1200);
      expect(png.length).toBeGreaterThan(60_000);
    } finally {
      await browser.close();
    }
  });
});
