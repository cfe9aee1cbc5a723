/**
 * Headless Chromium for the portal's end-to-end tests: Debian's `chromium` driven by
 * playwright-core (no browser download). When the binary is missing the suites skip with the
 * reason printed, except with KYOJO_REQUIRE_BROWSER=1 (set by .ci/run, which installs it).
 * Screenshots go to test/artifacts/screenshots/ (git-ignored), kept as the run's artifacts.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.KYOJO_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', 'artifacts', 'screenshots');

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set KYOJO_CHROMIUM)`;
  if (process.env.KYOJO_REQUIRE_BROWSER === '1') throw new Error(`KYOJO_REQUIRE_BROWSER=1 but ${why}`);
  return why;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The sandbox needs user namespaces this machine's root does not have; the network flags keep
    // Chromium from calling out (the machine's network is closed).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface NewContext {
  locale?: string;
  width?: number;
  height?: number;
}

export async function newContext(browser: Browser, baseURL: string, o: NewContext = {}): Promise<BrowserContext> {
  const locale = o.locale ?? 'en-US';
  return browser.newContext({
    baseURL,
    locale,
    extraHTTPHeaders: { 'accept-language': locale.startsWith('ja') ? 'ja,en;q=0.5' : 'en-US,en;q=0.9' },
    viewport: { width: o.width ?? 1280, height: o.height ?? 900 },
  });
}

/** Saves a full-page screenshot as test/artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Errors the page reported (console errors, uncaught exceptions, CSP violations), collected for assertions. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // The portal asks GET /api/v1/session on load; before sign-in that is an expected 401,
    // which Chromium logs as a failed resource.
    if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Fills the portal's sign-in form and waits for the user menu (attached, not visible: at 390 px the header collapses behind a menu button). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('user-menu').waitFor({ state: 'attached' });
}

/** No horizontal scrolling: the layout holds at this width; on failure, names the deepest elements sticking out. */
export async function expectNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  const { scroll, inner, culprits } = await page.evaluate<{ scroll: number; inner: number; culprits: string[] }>(`(() => {
    const inner = window.innerWidth;
    const culprits = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > inner + 1 && ![...el.children].some((c) => c.getBoundingClientRect().right > inner + 1))
      .slice(0, 5)
      .map((el) => el.tagName.toLowerCase() + '.' + String(el.className) + ' ' + Math.round(el.getBoundingClientRect().right));
    return { scroll: document.documentElement.scrollWidth, inner, culprits };
  })()`);
  expect(scroll, `${what}: page ${scroll}px wide in a ${inner}px window (${culprits.join('; ')})`).toBeLessThanOrEqual(inner);
}
