import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrustService } from '../../src/identity/trust.js';
import { startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await new TrustService(hub.ctx.store).addTerms('gov-provision-2026', 'Government provision 2026', 'Use only for defence of critical infrastructure.');
});
afterAll(async () => hub?.close());

const api = (path: string, token: string, method = 'GET') =>
  fetch(`${hub.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });

describe('REST API terms', () => {
  it('lists terms with the caller\'s acceptance, and accepts them idempotently', async () => {
    const before = (await (await api('/terms', hub.tokens.acmeAnalyst)).json()) as { terms: { slug: string; accepted_at: string | null; sha256: string }[] };
    expect(before.terms).toHaveLength(1);
    expect(before.terms[0]).toMatchObject({ slug: 'gov-provision-2026', accepted_at: null });
    expect(before.terms[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const first = await api('/terms/gov-provision-2026/accept', hub.tokens.acmeAnalyst, 'POST');
    expect(first.status).toBe(200);
    const a = (await first.json()) as { accepted_at: string; newly_accepted: boolean };
    expect(a.newly_accepted).toBe(true);
    const again = (await (await api('/terms/gov-provision-2026/accept', hub.tokens.acmeAnalyst, 'POST')).json()) as { accepted_at: string; newly_accepted: boolean };
    expect(again).toMatchObject({ newly_accepted: false, accepted_at: a.accepted_at });

    const after = (await (await api('/terms', hub.tokens.acmeAnalyst)).json()) as { terms: { accepted_at: string | null }[] };
    expect(after.terms[0]!.accepted_at).toBe(a.accepted_at);
    // the policy sees it: the user's trust now holds the terms
    const trust = await new TrustService(hub.ctx.store).trustOf(hub.users.acmeAnalyst);
    expect([...trust.acceptedTerms]).toEqual(['gov-provision-2026']);
    // another user's acceptance is their own
    const other = (await (await api('/terms', hub.tokens.bankAnalyst)).json()) as { terms: { accepted_at: string | null }[] };
    expect(other.terms[0]!.accepted_at).toBeNull();
  });

  it('answers 404 problem details for unknown terms and 401 without a token', async () => {
    const missing = await api('/terms/nope/accept', hub.tokens.acmeAnalyst, 'POST');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404, detail: "No terms 'nope'." });
    const anonymous = await fetch(`${hub.url}/api/v1/terms`);
    expect(anonymous.status).toBe(401);
  });
});
