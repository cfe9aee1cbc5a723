/**
 * Report desk test helpers: a seeded hub (test/support/hub.ts) made ready for the desk — the
 * operator is desk staff; recipients `fin-isac` (the sector ISAC: community fin-isac, GREEN) and
 * `gov` (a government contact: organization power, AMBER, technique only) — and small calls.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BACKENDS, startTestHub, type Backend, type TestHub, type TestHubOptions, type UserKey } from '../support/hub.js';
import { rest, type RestRes } from '../support/rest.js';

export async function prepareDesk(hub: TestHub): Promise<void> {
  const ok = (r: RestRes, status: number) => {
    if (r.status !== status) throw new Error(`desk setup: ${r.status} ${JSON.stringify(r.body)}`);
  };
  ok(await rest(hub, 'PUT', '/desk/staff/op@hub-op.example', { as: 'operator' }), 204);
  ok(await rest(hub, 'PUT', '/desk/recipients/fin-isac', {
    as: 'operator', body: { name: 'Financials ISAC', kind: 'sector-isac', description: 'the sector ISAC', communities: ['fin-isac'], tlp: 'green' },
  }), 200);
  ok(await rest(hub, 'PUT', '/desk/recipients/gov', {
    as: 'operator', body: { name: 'Government contact', kind: 'government', organizations: ['power'], tlp: 'amber', technique_only: true },
  }), 200);
}

export const minimalReport = (extra: Record<string, unknown> = {}) => ({ type: 'ransomware', title: 'Files encrypted', ...extra });

export async function fileReport(hub: TestHub, as: UserKey, body: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
  const r = await rest(hub, 'POST', '/reports', { as, body });
  if (r.status !== 201) throw new Error(`file report: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.report;
}

/** The reporter approves the sanitizer's current result. */
export async function approveSanitized(hub: TestHub, as: UserKey, id: string): Promise<RestRes> {
  const preview = await rest(hub, 'GET', `/reports/${id}/sanitized`, { as });
  return rest(hub, 'POST', `/reports/${id}/sanitized/approve`, { as, body: { digest: preview.body.digest } });
}

export interface DeskSuite {
  backend: Backend;
  /** a test with the prepared hub; skipped when the backend is unavailable */
  it(name: string, fn: (hub: TestHub) => Promise<void>, timeout?: number): void;
}

/** A describe block per backend with one prepared hub; PostgreSQL skips (with the reason) when unavailable. */
export function perBackend(name: string, body: (s: DeskSuite) => void, opts: TestHubOptions = {}): void {
  describe.each(BACKENDS)(`${name} [%s]`, (backend) => {
    let hub: TestHub | undefined;
    beforeAll(async () => {
      const h = await startTestHub({ ...opts, backend });
      if ('skip' in h) {
        console.warn(`${name} [${backend}] skipped: ${h.skip}`);
        return;
      }
      hub = h;
      await prepareDesk(h);
    }, 120_000);
    afterAll(async () => {
      await hub?.close();
    });
    body({
      backend,
      it(testName, fn, timeout) {
        it(testName, async (ctx) => {
          if (!hub) {
            ctx.skip();
            return;
          }
          await fn(hub);
        }, timeout);
      },
    });
  });
}
