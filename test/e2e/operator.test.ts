/**
 * A newcomer's path in headless Chromium, as the README tells it: the first operator (created
 * and invited from the command line) sets a password through the invitation link, creates a
 * community and an organization with its administrator in the operator console, adds it to the
 * community; the new administrator sets a password through the link the console showed once,
 * signs in and publishes; a member of the community finds the report.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordLinkService } from '../../src/identity/password-links.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { browserUnavailable, collectPageErrors, launchBrowser, newContext, screenshot, signIn } from './browser.js';

type Labels = { admin: { slug: string; name: string; kind: string; sector: string; country: string; create: string; orgs: { adminEmail: string }; communities: { add: string } } };
const en = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', 'i18n', 'en.json'), 'utf8')) as Labels;

const unavailable = browserUnavailable();

describe.skipIf(unavailable !== undefined)('a newcomer runs the hub through the portal', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const suffix = randomUUID().slice(0, 6);
  const community = `ict-${suffix}`;
  const org = `newco-${suffix}`;
  const adminEmail = `admin@${org}.example`;
  let inviteUrl = '';

  beforeAll(async () => {
    hub = await startTestHub();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await hub?.close();
  });

  async function page(): Promise<{ page: Page; errors: string[] }> {
    const ctx = await newContext(browser, hub.url);
    contexts.push(ctx);
    const p = await ctx.newPage();
    return { page: p, errors: collectPageErrors(p) };
  }

  async function setPassword(p: Page, url: string, password: string): Promise<void> {
    await p.goto(url);
    await p.getByTestId('set-password-password').fill(password);
    await p.getByTestId('set-password-confirm').fill(password);
    await p.getByTestId('set-password-submit').click();
    await p.getByTestId('go-sign-in').click();
    await p.getByTestId('sign-in-form').waitFor();
  }

  it('the operator invited from the command line creates a community and an organization, and invites its administrator', async () => {
    const operator = (await hub.ctx.store.identity.getUser({ email: 'op@hub-op.example' }))!;
    const link = await new PasswordLinkService(hub.ctx.store).createInvite(operator.id);
    const { page: p, errors } = await page();
    await setPassword(p, `${hub.url}${link.path}`, 'operator password 123');
    await signIn(p, 'op@hub-op.example', 'operator password 123');

    await p.goto('/admin/communities');
    const cform = p.getByTestId('community-create');
    await cform.getByLabel(en.admin.slug).fill(community);
    await cform.getByLabel(en.admin.name).fill(`ICT ISAC ${suffix}`);
    await cform.getByLabel(en.admin.kind).selectOption('isac');
    await cform.getByLabel(en.admin.sector).selectOption('ict');
    await cform.getByRole('button', { name: en.admin.create }).click();
    await p.getByTestId('admin-communities').getByText(`ICT ISAC ${suffix}`).waitFor();

    await p.goto('/admin/organizations');
    const oform = p.getByTestId('org-create');
    await oform.getByLabel(en.admin.slug).fill(org);
    await oform.getByLabel(en.admin.name).fill(`NewCo ${suffix}`);
    await oform.getByLabel(en.admin.kind).selectOption('company');
    await oform.getByLabel(en.admin.sector).selectOption('ict');
    await oform.getByLabel(en.admin.country).fill('JP');
    await oform.getByLabel(en.admin.orgs.adminEmail).fill(adminEmail);
    await oform.getByRole('button', { name: en.admin.create }).click();
    inviteUrl = (await p.getByTestId('invite-url').innerText()).trim();
    expect(inviteUrl).toMatch(new RegExp(`^${hub.url.replace(/\./g, '\\.')}/set-password/[A-Za-z0-9_-]{43}$`));
    await screenshot(p, 'admin-organizations-en-1280');

    await p.goto('/admin/communities');
    await p.locator(`#add-${community}`).selectOption(org);
    const row = p.locator('tr', { has: p.locator(`#add-${community}`) });
    await row.getByRole('button', { name: en.admin.communities.add }).click();
    await expect.poll(async () => hub.ctx.store.identity.membersOf((await hub.ctx.store.identity.getCommunity({ slug: community }))!.id)).toHaveLength(1);
    await screenshot(p, 'admin-communities-en-1280');
    expect(errors).toEqual([]);
  });

  it('the invited administrator sets a password, signs in and publishes to the community; a link works once', async () => {
    expect(inviteUrl).not.toBe('');
    const { page: p, errors } = await page();
    await setPassword(p, inviteUrl, 'newco admin password');
    await signIn(p, adminEmail, 'newco admin password');
    await p.goto('/publish');
    await p.getByTestId('publish-name').fill(`First report ${suffix}`);
    await p.getByTestId('publish-iocs').fill(`evil-${suffix}[.]example`);
    await p.getByTestId('publish-tlp').locator('input[value="green"]').check();
    await p.getByTestId('publish-preview').click();
    await p.getByTestId('audience-sentence').waitFor();
    expect(await p.getByTestId('audience-sentence').innerText()).toContain(`ICT ISAC ${suffix}`);
    await p.getByTestId('publish-submit').click();
    await p.waitForURL(/\/objects\/report--/);
    expect(await p.getByTestId('tlp-label').first().innerText()).toBe('TLP:GREEN');
    expect(errors).toEqual([]);

    // the invitation was spent
    const again = await fetch(`${hub.url}/api/v1/password-links/${inviteUrl.split('/').pop()}`);
    expect(again.status).toBe(410);
    // the operator sees the report; a member of another community does not
    const search = async (auth: string) =>
      ((await (await fetch(`${hub.url}/api/v1/search?q=first%20report%20${suffix}`, { headers: { authorization: auth } })).json()) as { items: unknown[] }).items.length;
    expect(await search(hub.auth('operator'))).toBe(1);
    expect(await search(hub.auth('bankAnalyst'))).toBe(0);
  });
});
