/**
 * The portal end to end in headless Chromium (Debian's `chromium`, driven by playwright-core)
 * against a real hub on SQLite: publishing, finding, not finding, anonymity, script payloads
 * rendered as text, the Japanese UI on first visit, and layouts at 1280 and 390 px.
 * Screenshots of the main pages are kept in test/artifacts/screenshots/.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, USERS, type TestHub, type UserKey } from '../support/hub.js';
import { browserUnavailable, collectPageErrors, expectNoHorizontalOverflow, launchBrowser, newContext, screenshot, signIn } from './browser.js';

const PASSWORD = 'portal test password 1';
const ja = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', 'i18n', 'ja.json'), 'utf8')) as { signIn: { title: string } };
const ACME_IDENTITY = 'identity--5c0b1a7e-9d2f-4e3a-8b1c-7f6e5d4c3b2a';

/** The browser globals the page functions use (the test program is compiled without the DOM library). */
type BrowserGlobals = { getComputedStyle(el: unknown): { color: string; backgroundColor: string } };

const unavailable = browserUnavailable();
if (unavailable) console.warn(`portal end-to-end tests skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('portal in headless Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const word = `kestrel${randomUUID().slice(0, 6)}`;
  let reportId = '';

  beforeAll(async () => {
    hub = await startTestHub();
    for (const key of ['acmeAnalyst', 'bankAnalyst', 'powerAnalyst'] as UserKey[]) await hub.ctx.identity.setPassword(USERS[key].email, PASSWORD);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await hub?.close();
  });

  async function signedIn(user: UserKey, o: { locale?: string; width?: number } = {}): Promise<{ page: Page; errors: string[] }> {
    const ctx = await newContext(browser, hub.url, o);
    contexts.push(ctx);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto('/');
    await signIn(page, USERS[user].email, PASSWORD);
    return { page, errors };
  }

  async function shareViaApi(objects: unknown[], envelope: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${hub.url}/api/v1/shares`, {
      method: 'POST',
      headers: { authorization: hub.auth('acmeAnalyst'), 'content-type': 'application/json' },
      body: JSON.stringify({ objects, envelope }),
    });
    const body = (await res.json()) as { stored: unknown[]; refused: unknown[] };
    expect(res.status).toBe(200);
    expect(body.refused).toEqual([]);
  }

  it('an analyst of ACME publishes a TLP:AMBER report to the Financials ISAC, with defanged IOCs, after a preview in plain words', async () => {
    const { page, errors } = await signedIn('acmeAnalyst');
    await screenshot(page, 'home-en-1280');
    await page.goto('/publish');
    await page.getByTestId('publish-name').fill(`Phishing kit ${word}`);
    await page.getByTestId('publish-description').fill('Credential phishing against online banking customers.');
    await page.getByTestId('publish-iocs').fill('C2: 198.51.100[.]77\nLanding page hxxps://secure-login-example[.]com/auth');
    await page.getByTestId('ioc-check').click();
    await expect.poll(() => page.getByTestId('ioc-item').count()).toBe(2);
    await expect.poll(() => page.getByTestId('ioc-result').innerText()).toContain('https://secure-login-example.com/auth');
    await page.getByTestId('publish-tlp').locator('input[value="amber"]').check();
    await page.getByTestId('audience-communities').locator('input[value="fin-isac"]').check();
    await page.getByTestId('publish-preview').click();
    const sentence = page.getByTestId('audience-sentence');
    await sentence.waitFor();
    // fin-isac has two organizations (ACME and Example Bank)
    expect(await sentence.innerText()).toMatch(/2 organizations/);
    expect(await sentence.innerText()).toContain('Financials ISAC');
    expect(await page.getByTestId('preview-objects').innerText()).toContain('198.51.100.77');
    await screenshot(page, 'publish-preview-en-1280');
    await page.getByTestId('publish-submit').click();
    await page.waitForURL(/\/objects\/report--/);
    reportId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await page.getByTestId('object-title').innerText()).toContain(word);
    expect(await page.getByTestId('tlp-label').first().innerText()).toBe('TLP:AMBER');
    await screenshot(page, 'object-report-en-1280');
    expect(errors).toEqual([]);
  });

  it('a member of Example Bank, in the same ISAC, finds it by search and sees the AMBER label in the TLP 2.0 colours', async () => {
    expect(reportId).toMatch(/^report--/);
    const { page, errors } = await signedIn('bankAnalyst');
    await page.goto('/search');
    await page.getByTestId('search-box').fill(word);
    await page.getByTestId('search-submit').click();
    const item = page.getByTestId('result-item').filter({ hasText: word });
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    const label = item.getByTestId('tlp-label');
    expect(await label.innerText()).toBe('TLP:AMBER');
    const colours = {
      fg: await label.evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).color),
      bg: await label.evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor),
    };
    expect(colours).toEqual({ fg: 'rgb(255, 192, 0)', bg: 'rgb(0, 0, 0)' });
    await screenshot(page, 'search-en-1280');
    await item.getByTestId('result-link').click();
    await page.waitForURL(/\/objects\/report--/);
    expect(await page.getByTestId('object-title').innerText()).toContain(word);
    // the report's object_refs (the two IOCs, published with it) are labelled, for this member may see them
    expect(await page.getByTestId('properties').locator('.ref-known').count()).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
  });

  it('a member of Power Co, outside the ISAC, cannot find it by search, by URL or through the API', async () => {
    expect(reportId).toMatch(/^report--/);
    const { page } = await signedIn('powerAnalyst');
    await page.goto(`/search?q=${word}`);
    await page.getByTestId('empty').waitFor();
    expect(await page.getByTestId('result-item').count()).toBe(0);
    await screenshot(page, 'search-outsider-en-1280');
    await page.goto(`/objects/${reportId}`);
    await page.getByTestId('empty').waitFor();
    expect(await page.getByTestId('object-title').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(word);
    const api = await page.request.get(`/api/v1/objects/${reportId}`);
    expect(api.status()).toBe(404);
    const bundle = await page.request.get(`/api/v1/objects/${reportId}/bundle`);
    expect(bundle.status()).toBe(404);
    const searchApi = (await (await page.request.get(`/api/v1/search?q=${word}`)).json()) as { items: unknown[] };
    expect(searchApi.items).toEqual([]);
  });

  it('an anonymous report shows no trace of its provider', async () => {
    const id = `indicator--${randomUUID()}`;
    await shareViaApi([{
      type: 'indicator', spec_version: '2.1', id, created: '2026-03-01T00:00:00.000Z', modified: '2026-03-01T00:00:00.000Z',
      name: `Anonymous tip ${word}`, pattern: "[domain-name:value = 'tip-example.net']", pattern_type: 'stix', valid_from: '2026-03-01T00:00:00Z',
      created_by_ref: ACME_IDENTITY,
    }], { tlp: 'green', audience: { communities: ['fin-isac'] }, attribution: 'none' });
    const { page } = await signedIn('bankAnalyst');
    await page.goto(`/objects/${id}`);
    await page.getByTestId('object-title').waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain(`Anonymous tip ${word}`);
    for (const trace of ['ACME', 'acme', ACME_IDENTITY, USERS.acmeAnalyst.email]) expect(text, trace).not.toContain(trace);
    const html = await page.content();
    expect(html).not.toContain(ACME_IDENTITY);
    expect(html).not.toContain('ACME');
    await screenshot(page, 'object-anonymous-en-1280');
  });

  it('renders a script payload in STIX text as text, and never makes a javascript: URL clickable', async () => {
    const id = `malware--${randomUUID()}`;
    const payload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
    await shareViaApi([{
      type: 'malware', spec_version: '2.1', id, created: '2026-03-02T00:00:00.000Z', modified: '2026-03-02T00:00:00.000Z',
      name: `<b>XSS probe</b> ${word}`, is_family: true, description: `Dropper. ${payload}`,
      external_references: [
        { source_name: 'evil', url: 'javascript:window.__xss=3' },
        { source_name: 'vendor', url: 'https://vendor.example/report' },
      ],
    }], { tlp: 'green', audience: { communities: ['fin-isac'] } });
    const { page, errors } = await signedIn('bankAnalyst');
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`/objects/${id}`);
    await page.getByTestId('object-title').waitFor();
    expect(await page.getByTestId('object-title').innerText()).toContain('<b>XSS probe</b>');
    expect(await page.locator('body').innerText()).toContain(payload);
    expect(await page.evaluate<number | undefined>('window.__xss')).toBeUndefined();
    expect(await page.locator('main img[src="x"], main script').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('a[href="https://vendor.example/report"]').count()).toBe(1);
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
    await screenshot(page, 'object-script-payload-en-1280');
  });

  it('speaks Japanese on the first visit of a browser that prefers it', async () => {
    const ctx = await newContext(browser, hub.url, { locale: 'ja-JP' });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByTestId('sign-in-form').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.locator('h1').first().innerText()).toBe(ja.signIn.title);
    await screenshot(page, 'sign-in-ja-1280');
    await signIn(page, USERS.bankAnalyst.email, PASSWORD);
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await screenshot(page, 'home-ja-1280');
  });

  for (const width of [1280, 390]) {
    it(`holds its layout at ${width} px wide on every main page`, async () => {
      expect(reportId).toMatch(/^report--/);
      const { page } = await signedIn('acmeAnalyst', { width, locale: width === 390 ? 'ja-JP' : 'en-US' });
      const pages: [string, string][] = [
        ['home', '/'], ['search', `/search?q=${word}`], ['object', `/objects/${reportId}`], ['publish', '/publish'], ['org', '/org'],
      ];
      for (const [name, path] of pages) {
        await page.goto(path);
        await page.getByTestId(name === 'object' ? 'object-title' : 'page-title').waitFor();
        await page.waitForLoadState('networkidle');
        await expectNoHorizontalOverflow(page, `${name} at ${width}px`);
        await screenshot(page, `${name}-${width === 390 ? 'ja' : 'en'}-${width}`);
      }
    });
  }
});
