/** Runs a posture or survey service call, mapping its PostureError to problem details. */
import { PostureError } from '../posture/errors.js';
import { ProblemError } from './problem.js';

const TITLES = { invalid: ['Unprocessable content', 422], forbidden: ['Forbidden', 403], 'not-found': ['Not found', 404], conflict: ['Conflict', 409] } as const;

export async function postureCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof PostureError)) throw e;
    const [title, status] = TITLES[e.kind];
    throw new ProblemError({ title, status, detail: e.message, ...(e.errors.length ? { errors: e.errors } : {}) });
  }
}

/** A positive whole number from a query string, within bounds; 400-style errors as 422 naming the parameter. */
export function queryInt(value: unknown, name: string, dflt: number, min: number, max: number): number {
  if (value === undefined || value === '') return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ProblemError({ title: 'Bad request', status: 400, detail: `${name} must be a whole number from ${min} to ${max}.`, errors: [{ property: name, message: `must be a whole number from ${min} to ${max}` }] });
  }
  return n;
}
