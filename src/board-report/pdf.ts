/**
 * PDF rendering of the board report with headless Chromium (playwright-core driving the system
 * browser: KYOJO_CHROMIUM_PATH, else `chromium`, `chromium-browser` or `google-chrome` on PATH).
 * The page gets the report's HTML with JavaScript disabled and every request refused, so the
 * PDF is exactly the self-contained document. One render at a time per process: Chromium is
 * heavy and reports are rare. Without a browser, `BrowserUnavailable` says why.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export class BrowserUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserUnavailable';
  }
}

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser to use, or null: KYOJO_CHROMIUM_PATH when set (and executable), else the first on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.KYOJO_CHROMIUM_PATH?.trim();
  if (configured) return executable(configured) ? configured : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const n of NAMES) if (executable(join(dir, n))) return join(dir, n);
  }
  return null;
}

const RENDER_TIMEOUT_MS = 60_000;

let queue: Promise<unknown> = Promise.resolve();

/** Renders the HTML document to an A4 PDF. */
export async function renderPdf(html: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const path = findChromium(env);
  if (!path) {
    throw new BrowserUnavailable(env.KYOJO_CHROMIUM_PATH
      ? `KYOJO_CHROMIUM_PATH (${env.KYOJO_CHROMIUM_PATH}) is not an executable browser`
      : 'no Chromium is installed (apt-get install chromium, or set KYOJO_CHROMIUM_PATH); the HTML report still works');
  }
  const run = queue.then(() => render(path, html));
  queue = run.catch(() => undefined);
  return run;
}

async function render(path: string, html: string): Promise<Buffer> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new BrowserUnavailable('playwright-core is not installed, so the browser cannot be driven');
  }
  const browser = await chromium.launch({
    executablePath: path,
    headless: true,
    timeout: RENDER_TIMEOUT_MS,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(RENDER_TIMEOUT_MS);
    await page.setContent(html, { waitUntil: 'load' });
    // page.pdf has no timeout of its own: a stuck browser must not hold the queue for ever
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Chromium did not render the PDF within ${RENDER_TIMEOUT_MS / 1000} s`)), RENDER_TIMEOUT_MS);
    });
    try {
      return await Promise.race([page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
  }
}
