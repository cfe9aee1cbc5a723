/**
 * The report desk end to end in headless Chromium against a real hub on SQLite: a member of
 * ACME Bank reports an intrusion full of identifying details and lets the Financials ISAC
 * receive it anonymously, with the damage information; approves the sanitizer's before/after;
 * desk staff triage, assign, route, close and publish a case study; a member of Example Bank
 * (same ISAC) sees the sanitized incident and case study with none of the planted strings on the
 * page, while a member of Power Co (outside it) sees nothing. Also: attachments refused with
 * clear words, the form in Japanese at 390 px, and every desk page at 1280 and 390 px.
 * Screenshots go to test/artifacts/screenshots/desk-*.png.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, USERS, type TestHub, type UserKey } from '../support/hub.js';
import { browserUnavailable, collectPageErrors, expectNoHorizontalOverflow, launchBrowser, newContext, screenshot, signIn } from './browser.js';

const PASSWORD = 'desk test password 1';
type DeskJa = { desk: { form: { pageTitle: string }; status: { new: string } } };
const ja = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', 'i18n', 'desk.ja.json'), 'utf8')) as DeskJa;

/** What identifies the victim; none of it may reach another organization. */
const PLANTED = {
  company: 'ACME Bank',
  person: 'Taro Yamada',
  email: 't.yamada@acme.example',
  host: 'fs01.acme.local',
  ip: '10.20.30.40',
  path: 'C:\\Users\\tyamada\\AppData\\Local\\Temp\\svc.exe',
  codename: 'Project Sakura',
};
/** Fragments of the above, looked for case-sensitively and case-insensitively on the recipients' pages. */
const TRACES = ['ACME', 'acme', 'Taro', 'Yamada', 'yamada', 'fs01', '10.20.30.40', 'tyamada', 'Sakura'];

const unavailable = browserUnavailable();
if (unavailable) console.warn(`desk end-to-end tests skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('the report desk in headless Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const word = `osprey${randomUUID().slice(0, 6)}`;
  let reportId = '';
  let incidentId = '';
  let routedIds: string[] = [];
  let caseId = '';

  beforeAll(async () => {
    // a small attachment limit, so that the refusal of a large file is quick to show
    hub = await startTestHub({ config: { attachmentMaxBytes: 64 * 1024 } });
    for (const key of ['operator', 'acmeAnalyst', 'bankAnalyst', 'powerAnalyst'] as UserKey[]) await hub.ctx.identity.setPassword(USERS[key].email, PASSWORD);
    // the sector ISAC as a recipient (the police one and desk staff are set up in the portal below)
    await api('operator', 'PUT', '/desk/recipients/fin-isac', {
      name: 'Financials ISAC', kind: 'sector-isac', description: 'The ISAC of the financial sector',
      communities: ['fin-isac'], organizations: [], tlp: 'green', technique_only: false,
    }, 200);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await hub?.close();
  });

  async function api<T = unknown>(user: UserKey, method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const res = await fetch(`${hub.url}/api/v1${path}`, {
      method,
      headers: { authorization: hub.auth(user), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function signedIn(user: UserKey, o: { locale?: string; width?: number } = {}): Promise<{ page: Page; errors: string[] }> {
    const ctx = await newContext(browser, hub.url, o);
    contexts.push(ctx);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto('/');
    await signIn(page, USERS[user].email, PASSWORD);
    return { page, errors };
  }

  async function expectNoTraces(page: Page, what: string): Promise<void> {
    const text = await page.locator('body').innerText();
    const html = await page.content();
    for (const trace of [...TRACES, ...Object.values(PLANTED)]) {
      expect(text, `${what}: text shows ${trace}`).not.toContain(trace);
      expect(html, `${what}: HTML holds ${trace}`).not.toContain(trace);
    }
  }

  it('the operator makes itself desk staff and adds the police as a technique-only recipient in the desk settings', async () => {
    const { page, errors } = await signedIn('operator');
    await page.goto('/desk');
    await page.getByTestId('desk-settings-link').click();
    await page.getByTestId('staff-settings').waitFor();
    await page.getByTestId('staff-email').fill(USERS.operator.email);
    await page.getByTestId('staff-grant').click();
    await expect.poll(() => page.getByTestId('staff-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('recipient-row').count()).toBe(1);
    await page.getByTestId('recipient-slug').fill('police');
    await page.getByTestId('recipient-name').fill('Police cybercrime contact');
    await page.getByTestId('recipient-kind').locator('input[value="police"]').check();
    await page.getByTestId('recipient-organizations').locator('input[value="hub-op"]').check();
    await page.getByTestId('recipient-tlp').locator('input[value="amber"]').check();
    await page.getByTestId('recipient-technique-only').check();
    await page.getByTestId('recipient-save').click();
    await expect.poll(() => page.getByTestId('recipient-row').count()).toBe(2);
    expect(await page.getByTestId('recipient-row').filter({ hasText: 'Police cybercrime contact' }).innerText()).toContain('TLP:AMBER');
    await screenshot(page, 'desk-settings-en-1280');
    const staff = await api<{ staff: { email: string }[] }>('operator', 'GET', '/desk/staff');
    expect(staff.staff.map((s) => s.email)).toEqual([USERS.operator.email]);
    expect(errors).toEqual([]);
  });

  it('a member of ACME Bank reports an intrusion, anonymous to the sector ISAC with damage information; oversized and hostile files are refused in words', async () => {
    const { page, errors } = await signedIn('acmeAnalyst');
    await page.goto('/desk');
    await page.getByTestId('desk-new-report').click();
    await page.getByTestId('report-form').waitFor();
    await page.getByTestId('report-type').locator('input[value="intrusion"]').check();
    await page.getByTestId('report-title').fill(`Intrusion through the VPN at ${PLANTED.company} ${word}`);
    await page.getByTestId('contact-name').fill(PLANTED.person);
    await page.getByTestId('contact-email').fill(PLANTED.email);
    await page.getByTestId('contact-phone').fill('+81-3-5555-0199');
    await page.getByTestId('detected-at').fill('2026-11-20T09:30');
    await page.getByTestId('detected-zone').selectOption('+09:00');
    await page.getByTestId('started-at').fill('2026-11-19T23:00');
    await page.getByTestId('started-zone').selectOption('+09:00');
    await page.getByTestId('affected-systems').fill(`File server ${PLANTED.host} and 40 PCs`);
    await page.getByTestId('affected-environments').locator('input[value="on-premises"]').check();
    await page.getByTestId('discovery').fill(`${PLANTED.person} (${PLANTED.email}) noticed logins from ${PLANTED.ip} at night.`);
    await page.getByTestId('intrusion-route').fill('VPN appliance with a known vulnerability, then a stolen service account');
    await page.getByTestId('business-impact').fill(`${PLANTED.company}'s transfer batch for ${PLANTED.codename} stopped for a day; a dropper ran as ${PLANTED.path}.`);
    await page.getByTestId('essential-service').locator('input[value="no"]').check();
    await page.getByTestId('response').fill(`Isolated ${PLANTED.host}, reset the accounts, restored from backup.`);
    await page.getByTestId('help-requested').fill('Analysis of the dropper');
    await page.getByTestId('report-observables').fill(`C2 203.0.113[.]77\nhxxps://update-check[.]example/p.bin\n${PLANTED.ip}\n44d88612fea8a8f36de82e1278abb02f`);
    await page.getByTestId('observables-check').click();
    await expect.poll(() => page.getByTestId('observable-item').count()).toBe(4);
    expect(await page.getByTestId('observables-result').innerText()).toContain('203.0.113.77');
    await page.getByTestId('report-techniques').fill('T1133, T1078');
    await page.getByTestId('identifying-terms').fill(PLANTED.codename);

    await page.getByTestId('attachment-input').setInputFiles([
      { name: 'vpn-auth.log', mimeType: 'text/plain', buffer: Buffer.from(`Nov 20 02:11 login ok user=svc from ${PLANTED.ip}\n`) },
      { name: 'capture.pcap', mimeType: 'application/octet-stream', buffer: Buffer.alloc(100 * 1024, 1) },
      { name: 'con', mimeType: 'text/plain', buffer: Buffer.from('x') },
    ]);
    await expect.poll(() => page.getByTestId('attachment-item').count()).toBe(3);
    const problems = await page.getByTestId('attachment-problem').allInnerTexts();
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).toMatch(/Too large: the limit is 64 KB/);
    expect(problems.join(' ')).toMatch(/file name cannot be accepted/);
    expect(await page.getByTestId('attachment-list').innerText()).toContain('100 KB');

    const isac = page.getByTestId('recipient-fin-isac');
    await isac.getByTestId('consent-on').check();
    await isac.getByTestId('consent-scope').locator('input[value="damage"]').check();
    await isac.getByTestId('consent-attribution').locator('input[value="none"]').check();
    // the police recipient takes attack techniques only: damage cannot be chosen for it
    const police = page.getByTestId('recipient-police');
    await police.getByTestId('consent-on').check();
    expect(await police.getByTestId('consent-scope').locator('input[value="damage"]').isDisabled()).toBe(true);
    await police.getByTestId('consent-on').uncheck();
    await screenshot(page, 'desk-form-filled-en-1280');

    await page.getByTestId('report-submit').click();
    await page.waitForURL(/\/desk\/reports\//);
    reportId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByTestId('page-title').waitFor();
    expect(await page.getByTestId('report-status').first().getAttribute('data-status')).toBe('new');
    // only the acceptable file was uploaded, shown with its size and hash, and not as a download to the reporter
    await expect.poll(() => page.getByTestId('attachments').getByTestId('attachment-item').count()).toBe(1);
    expect(await page.getByTestId('attachments').innerText()).toContain('vpn-auth.log');
    expect(await page.getByTestId('attachment-download').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('the reporter sees the sanitizer’s before and after, with no planted string left, and approves it', async () => {
    expect(reportId).not.toBe('');
    const { page, errors } = await signedIn('acmeAnalyst');
    await page.goto(`/desk/reports/${encodeURIComponent(reportId)}`);
    await page.getByTestId('sanitizer').waitFor();
    await page.getByTestId('sanitizer-field').first().waitFor();
    const before = (await page.getByTestId('diff-before').allInnerTexts()).join('\n');
    const after = (await page.getByTestId('diff-after').allInnerTexts()).join('\n');
    expect(before).toContain(PLANTED.company);
    expect(before).toContain(PLANTED.host);
    for (const s of [...Object.values(PLANTED), 'fs01', 'tyamada']) expect(after, s).not.toContain(s);
    expect(after).toMatch(/\[ORG-1\]/);
    expect(await page.getByTestId('pseudonym').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('removed-observables').innerText()).toContain(PLANTED.ip);
    expect(await page.getByTestId('remaining-terms').count()).toBe(0);
    expect(await page.getByTestId('approval-state').getAttribute('data-current')).toBe('no');
    await page.getByTestId('sanitizer-approve').click();
    await expect.poll(() => page.getByTestId('approval-state').getAttribute('data-current')).toBe('yes');
    // an edit that changes the sanitized text asks for approval again
    await page.getByTestId('report-edit').click();
    await page.getByTestId('report-form').waitFor();
    expect(await page.getByTestId('response').inputValue()).toContain('restored from backup');
    await page.getByTestId('response').fill(`Isolated ${PLANTED.host}, reset the accounts, restored from backup, rotated the VPN keys.`);
    await page.getByTestId('report-submit').click();
    await page.waitForURL(new RegExp(`/desk/reports/${reportId}$`));
    await page.getByTestId('sanitizer-field').first().waitFor();
    await expect.poll(() => page.getByTestId('approval-state').getAttribute('data-current')).toBe('no');
    expect((await page.getByTestId('diff-after').allInnerTexts()).join('\n')).toContain('rotated the VPN keys');
    await page.getByTestId('sanitizer-approve').click();
    await expect.poll(() => page.getByTestId('approval-state').getAttribute('data-current')).toBe('yes');
    // a program disguised as a PDF is refused by the hub, with its reason, and nothing is stored
    await page.getByTestId('attachment-upload').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1') });
    const refusal = page.getByTestId('attachments').getByTestId('error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/declared as application\/pdf but its content is a program or script/);
    expect(await page.getByTestId('attachments').getByTestId('attachment-item').count()).toBe(1);
    await page.getByTestId('message-body').fill('The dropper sample is attached as a log excerpt for now.');
    await page.getByTestId('message-send').click();
    await expect.poll(() => page.getByTestId('message').count()).toBe(1);
    await screenshot(page, 'desk-report-reporter-en-1280');
    // the refused upload's 415 is logged by Chromium as a failed resource; nothing else may fail
    expect(errors.filter((e) => !/status of 415/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of 415/.test(e))).toHaveLength(1);
  });

  it('desk staff find it in the queue, triage, assign, preview and route it, answer in the thread, and may download the file', async () => {
    expect(reportId).not.toBe('');
    const { page, errors } = await signedIn('operator');
    await page.goto('/desk/queue');
    await page.getByTestId('queue-search').fill(word);
    await page.getByTestId('queue-search').press('Enter');
    const item = page.getByTestId('report-item').filter({ hasText: word });
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    await screenshot(page, 'desk-queue-en-1280');
    await item.getByTestId('report-link').click();
    await page.waitForURL(/\/desk\/reports\//);
    await page.getByTestId('staff-panel').waitFor();
    await page.getByTestId('triage-note').fill('Genuine; VPN appliance CVE.');
    await page.getByTestId('triage-submit').click();
    await expect.poll(() => page.getByTestId('report-status').first().getAttribute('data-status')).toBe('triaged');
    await page.getByTestId('assign-me').click();
    await expect.poll(() => page.getByTestId('page-title').locator('xpath=..').innerText()).toContain(USERS.operator.email);
    await page.getByTestId('route-preview').click();
    const recipient = page.getByTestId('route-recipient');
    await recipient.first().waitFor();
    expect(await recipient.count()).toBe(1);
    expect(await recipient.first().getAttribute('data-ready')).toBe('yes');
    expect(await recipient.first().innerText()).toContain('Financials ISAC');
    await page.getByTestId('message-body').fill('Thank you. We will share the technique and the sanitized incident with the ISAC.');
    await page.getByTestId('message-send').click();
    await expect.poll(() => page.getByTestId('message').count()).toBe(2);
    await page.getByTestId('route-submit').click();
    await expect.poll(() => page.getByTestId('report-status').first().getAttribute('data-status')).toBe('routed');
    await page.getByTestId('routed-list').waitFor();
    routedIds = await page.getByTestId('routed-object').allInnerTexts();
    incidentId = routedIds.find((id) => id.startsWith('incident--')) ?? '';
    expect(incidentId, routedIds.join(', ')).toMatch(/^incident--/);
    // files are downloads for desk staff, never previews
    const link = page.getByTestId('attachment-download');
    expect(await link.count()).toBe(1);
    const res = await page.request.get((await link.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/^attachment/);
    expect(res.headers()['content-type']).toMatch(/application\/octet-stream/);
    expect(await res.text()).toContain('login ok user=svc');
    await page.getByTestId('activity-entry').first().waitFor();
    await screenshot(page, 'desk-report-staff-en-1280');
    expect(errors).toEqual([]);
  });

  it('a member of Example Bank, in the ISAC, sees the sanitized incident and none of the planted strings', async () => {
    expect(incidentId).toMatch(/^incident--/);
    const { page, errors } = await signedIn('bankAnalyst');
    await page.goto(`/objects/${incidentId}`);
    await page.getByTestId('object-title').waitFor();
    expect(await page.getByTestId('object-title').innerText()).toContain(word);
    expect(await page.locator('body').innerText()).toContain('[ORG-1]');
    await expectNoTraces(page, 'incident page');
    await screenshot(page, 'desk-incident-recipient-en-1280');
    await page.goto(`/search?q=${word}`);
    await page.getByTestId('result-item').first().waitFor();
    await expectNoTraces(page, 'search page');
    // and through the API: every routed object and its STIX bundle, as this member receives them
    expect(routedIds.length).toBeGreaterThan(3);
    for (const id of routedIds) {
      for (const path of [`/api/v1/objects/${id}`, `/api/v1/objects/${id}/bundle`]) {
        const res = await page.request.get(path);
        expect(res.status(), path).toBe(200);
        const body = await res.text();
        for (const trace of [...TRACES, ...Object.values(PLANTED)]) expect(body, `${path} holds ${trace}`).not.toContain(trace);
      }
    }
    // the report itself stays between ACME and the desk
    const res = await page.request.get(`/api/v1/reports/${encodeURIComponent(reportId)}`);
    expect(res.status()).toBe(404);
    expect(errors).toEqual([]);
  });

  it('a member of Power Co, outside the ISAC, sees neither the incident nor the report', async () => {
    expect(incidentId).toMatch(/^incident--/);
    const { page } = await signedIn('powerAnalyst');
    await page.goto(`/objects/${incidentId}`);
    await page.getByTestId('empty').waitFor();
    expect(await page.getByTestId('object-title').count()).toBe(0);
    expect((await page.request.get(`/api/v1/objects/${incidentId}`)).status()).toBe(404);
    await page.goto(`/desk/reports/${encodeURIComponent(reportId)}`);
    await page.getByTestId('error').waitFor();
    expect(await page.locator('body').innerText()).not.toContain(word);
    const search = (await (await page.request.get(`/api/v1/search?q=${word}`)).json()) as { items: unknown[] };
    expect(search.items).toEqual([]);
  });

  it('desk staff close the report and publish a sanitized case study; the ISAC member finds it in the case collection', async () => {
    expect(incidentId).toMatch(/^incident--/);
    const staff = await signedIn('operator');
    await staff.page.goto(`/desk/reports/${encodeURIComponent(reportId)}`);
    await staff.page.getByTestId('close-resolution').fill('Contained; accounts reset; appliance patched.');
    await staff.page.getByTestId('close-submit').click();
    await expect.poll(() => staff.page.getByTestId('report-status').first().getAttribute('data-status')).toBe('closed');
    const form = staff.page.getByTestId('case-study');
    await form.waitFor();
    await staff.page.getByTestId('case-title-input').fill(`VPN intrusion case ${word}`);
    await staff.page.getByTestId('case-summary').fill(`Attackers used the VPN of ${PLANTED.company} and reached ${PLANTED.host}.`);
    await staff.page.getByTestId('case-lessons').fill('Patch VPN appliances within days; alert on service accounts used interactively.');
    await form.locator('input[value="fin-isac"]').check();
    await staff.page.getByTestId('case-preview-submit').click();
    await staff.page.getByTestId('case-preview').waitFor();
    expect(await staff.page.getByTestId('case-preview').innerText()).not.toContain(PLANTED.company);
    await staff.page.getByTestId('case-publish').click();
    await staff.page.getByTestId('case-study').getByRole('link').waitFor();
    expect(staff.errors).toEqual([]);

    const { page, errors } = await signedIn('bankAnalyst');
    await page.goto('/cases');
    await page.getByTestId('cases-search').fill(word);
    await page.getByTestId('cases-submit').click();
    const item = page.getByTestId('case-item').filter({ hasText: word });
    await item.first().waitFor();
    await screenshot(page, 'desk-cases-en-1280');
    await item.getByTestId('case-link').click();
    await page.getByTestId('case-title').waitFor();
    caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await page.getByTestId('case-body').innerText()).toContain('Patch VPN appliances');
    await expectNoTraces(page, 'case page');
    await screenshot(page, 'desk-case-en-1280');
    expect(errors).toEqual([]);

    const outsider = await signedIn('powerAnalyst');
    await outsider.page.goto(`/cases?q=${word}`);
    await outsider.page.getByTestId('empty').waitFor();
    expect(await outsider.page.getByTestId('case-item').count()).toBe(0);
  });

  it('statistics: members are told in words that figures behind fewer than 5 organizations are withheld; desk staff see every figure', async () => {
    const member = await signedIn('bankAnalyst');
    await member.page.goto('/desk/statistics');
    await member.page.getByTestId('stats-scope').waitFor();
    expect(await member.page.getByTestId('stats-scope').getAttribute('data-scope')).toBe('k-anonymous');
    expect(await member.page.getByTestId('stats-withheld').innerText()).toMatch(/fewer than 5 organizations/);
    expect(await member.page.getByTestId('stat-row').count()).toBe(0);
    await screenshot(member.page, 'desk-stats-member-en-1280');
    const staff = await signedIn('operator');
    await staff.page.goto('/desk/statistics');
    await staff.page.getByTestId('stats-scope').waitFor();
    expect(await staff.page.getByTestId('stats-scope').getAttribute('data-scope')).toBe('all');
    expect(await staff.page.getByTestId('stats-by-type').getByTestId('stat-row').filter({ hasText: 'Intrusion' }).innerText()).toMatch(/1/);
    expect(await staff.page.getByTestId('stats-withheld').count()).toBe(0);
    await screenshot(staff.page, 'desk-stats-en-1280');
    // a period with no reports has no figures
    await staff.page.getByTestId('stats-from').fill('2099-01-01');
    await expect.poll(() => staff.page.getByTestId('stat-row').count()).toBe(0);
    expect(new URL(staff.page.url()).searchParams.get('from')).toBe('2099-01-01');
  });

  it('the form speaks Japanese at 390 px: a consultation is filed', async () => {
    const { page, errors } = await signedIn('acmeAnalyst', { locale: 'ja-JP', width: 390 });
    await page.goto('/desk/new');
    await page.getByTestId('report-form').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.getByTestId('page-title').innerText()).toBe(ja.desk.form.pageTitle);
    await page.getByTestId('report-type').locator('input[value="consultation"]').check();
    await page.getByTestId('report-title').fill(`VPN機器の設定について相談したい ${word}`);
    await page.getByTestId('help-requested').fill('多要素認証の導入手順について助言をお願いします。');
    await expectNoHorizontalOverflow(page, 'form at 390px');
    await screenshot(page, 'desk-form-ja-390');
    await page.getByTestId('report-submit').click();
    await page.waitForURL(/\/desk\/reports\//);
    await page.getByTestId('page-title').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toContain('VPN機器の設定');
    expect(await page.getByTestId('report-status').first().innerText()).toBe(ja.desk.status.new);
    expect(errors).toEqual([]);
  });

  for (const width of [1280, 390]) {
    it(`every desk page holds its layout at ${width} px`, async () => {
      expect(caseId).not.toBe('');
      const lang = width === 390 ? 'ja' : 'en';
      const { page } = await signedIn('operator', { width, locale: width === 390 ? 'ja-JP' : 'en-US' });
      const pages: [string, string][] = [
        ['home', '/desk'], ['form', '/desk/new'], ['report', `/desk/reports/${encodeURIComponent(reportId)}`], ['queue', '/desk/queue'],
        ['stats', '/desk/statistics'], ['profile', '/desk/profile'], ['settings', '/desk/settings'], ['cases', '/cases'], ['case', `/cases/${encodeURIComponent(caseId)}`],
      ];
      for (const [name, path] of pages) {
        await page.goto(path);
        await page.getByTestId(name === 'case' ? 'case-title' : 'page-title').waitFor();
        await page.waitForLoadState('networkidle');
        await expectNoHorizontalOverflow(page, `${name} at ${width}px`);
        await screenshot(page, `desk-${name}-${lang}-${width}`);
      }
    });
  }
});
