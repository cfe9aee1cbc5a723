/**
 * Reading request bodies and mapping the services' errors to problem details, for the
 * organization, token, password-link and operator-console routes.
 */
import { PasswordLinkError } from '../identity/password-links.js';
import { IdentityInputError } from '../identity/validation.js';
import { ConflictError } from '../store/types.js';
import { ProblemError } from './problem.js';
import { isObj } from '../stix/checks-core.js';

/** Re-exported for the routes that import their input helpers from here. */
export { isObj };

export type FieldError = { property: string; message: string };


export function unprocessable(detail: string, errors?: FieldError[]): ProblemError {
  return new ProblemError({ title: 'Unprocessable content', status: 422, detail, ...(errors ? { errors } : {}) });
}

export function badRequest(detail: string, errors?: FieldError[]): ProblemError {
  return new ProblemError({ title: 'Bad request', status: 400, detail, ...(errors ? { errors } : {}) });
}

export function forbidden(detail: string): ProblemError {
  return new ProblemError({ title: 'Forbidden', status: 403, detail });
}

export function notFound(detail: string): ProblemError {
  return new ProblemError({ title: 'Not found', status: 404, detail });
}

/** Path parameters and user input quoted in messages, shortened. */
export const shown = (s: string): string => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

export interface BodySpec {
  /** property → JSON type it must have */
  fields: Record<string, 'string' | 'boolean' | 'integer'>;
  required?: string[];
  /** what the body is, for messages: "an organization" */
  what: string;
}

/**
 * The body as an object with the listed properties only, each of its type, the required ones
 * present (null counts as absent); 422 naming every property otherwise.
 */
export function readBody(body: unknown, spec: BodySpec): Record<string, unknown> {
  const names = Object.keys(spec.fields);
  if (!isObj(body)) throw unprocessable(`The body must be a JSON object describing ${spec.what}: {${names.map((n) => `"${n}"`).join(', ')}}.`);
  const errors: FieldError[] = [];
  for (const k of Object.keys(body)) {
    if (!(k in spec.fields)) errors.push({ property: k, message: `is not a property of ${spec.what} (expected ${names.join(', ')})` });
  }
  const out: Record<string, unknown> = {};
  for (const [k, type] of Object.entries(spec.fields)) {
    const v = body[k];
    if (v === undefined || v === null) {
      if (spec.required?.includes(k)) errors.push({ property: k, message: 'is required' });
      continue;
    }
    const ok = type === 'integer' ? Number.isInteger(v) : typeof v === type;
    if (!ok) errors.push({ property: k, message: `must be ${type === 'integer' ? 'a whole number' : type === 'boolean' ? 'true or false' : 'a string'}` });
    else out[k] = v;
  }
  if (errors.length > 0) throw unprocessable(`The body is not ${spec.what}.`, errors);
  return out;
}

/** Runs `check`, collecting an IdentityInputError as an error of `property`. */
export function collect(errors: FieldError[], property: string, check: () => unknown): void {
  try {
    check();
  } catch (e) {
    if (!(e instanceof IdentityInputError)) throw e;
    errors.push({ property, message: e.message });
  }
}

/** Throws 422 with the collected errors, if any. */
export function throwIfAny(errors: FieldError[], detail: string): void {
  if (errors.length > 0) throw unprocessable(detail, errors);
}

/**
 * Runs a service call, mapping its errors: IdentityInputError → 422 (on `property` when given),
 * ConflictError → 409, PasswordLinkError → 404 or 410.
 */
export async function service<T>(fn: () => Promise<T>, property?: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof IdentityInputError) {
      throw unprocessable(`${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`, property ? [{ property, message: e.message }] : undefined);
    }
    if (e instanceof ConflictError) throw new ProblemError({ title: 'Conflict', status: 409, detail: `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.` });
    if (e instanceof PasswordLinkError) {
      throw new ProblemError(e.kind === 'unknown' ? { title: 'Not found', status: 404, detail: e.message } : { title: 'Gone', status: 410, detail: e.message });
    }
    throw e;
  }
}
