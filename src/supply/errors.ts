/**
 * A refused supply-chain operation: the status a route answers with and a message the caller can
 * act on. 404 is also the answer to "not yours to see" (consent: a buyer not chosen learns nothing,
 * not even that the assessment exists).
 */
export class SupplyError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422,
    message: string,
    readonly errors?: { property: string; message: string }[],
  ) {
    super(message);
    this.name = 'SupplyError';
  }
}

export const notFound = (what: string): SupplyError => new SupplyError(404, `No ${what} with that id is visible to you.`);
export const forbidden = (message: string): SupplyError => new SupplyError(403, message);
export const conflict = (message: string): SupplyError => new SupplyError(409, message);
export const invalid = (message: string, property?: string): SupplyError =>
  new SupplyError(422, message, property ? [{ property, message }] : undefined);
