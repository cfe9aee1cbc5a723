/** A small JSON client for the REST API tests: `rest(hub, 'POST', '/tokens', { as: 'acmeAnalyst', body })`. */
import { expect } from 'vitest';
import type { TestHub, UserKey } from './hub.js';

export interface RestRes {
  status: number;
  headers: Headers;
  /** parsed JSON, or undefined for an empty body */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers freely
  body: any;
}

export interface RestReq {
  /** a seeded user, a raw token secret, or nobody (the default) */
  as?: UserKey | { token: string } | null;
  body?: unknown;
}

export async function rest(hub: TestHub, method: string, path: string, req: RestReq = {}): Promise<RestRes> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.as) headers.authorization = typeof req.as === 'string' ? hub.auth(req.as) : `Bearer ${req.as.token}`;
  let payload: string | undefined;
  if (req.body !== undefined) {
    payload = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${hub.url}/api/v1${path}`, { method, headers, body: payload });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

export type ProblemBody = { type: string; title: string; status: number; detail: string; errors?: { property: string; message: string }[] };

/** Asserts RFC 9457 problem details with this status; returns them. */
export function expectProblem(res: RestRes, status: number): ProblemBody {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ type: 'about:blank', status });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
  return res.body as ProblemBody;
}

/** The secret of an invite_url (`/set-password/<secret>`). */
export function linkSecret(inviteUrl: string): string {
  const m = /^\/set-password\/([A-Za-z0-9_-]{43})$/.exec(inviteUrl);
  expect(m, inviteUrl).not.toBeNull();
  return m![1]!;
}
