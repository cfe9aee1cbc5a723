/** The desk services' refusals; the routes answer them as problem details (deskCall in src/api/desk-json.ts). */
export interface DeskFieldError {
  property: string;
  message: string;
}

export class DeskError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422,
    message: string,
    readonly errors?: DeskFieldError[],
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

export const notFound = (what = 'report'): DeskError => new DeskError(404, `No such ${what}.`);
export const forbidden = (message: string): DeskError => new DeskError(403, message);
export const conflict = (message: string): DeskError => new DeskError(409, message);
export const invalid = (message: string, errors?: DeskFieldError[]): DeskError => new DeskError(422, message, errors);
