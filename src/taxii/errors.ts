import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendTaxii } from './respond.js';

/** The TAXII 2.1 error message (section 3.6.1). `http_status` is a string, as the spec types it. */
export interface TaxiiErrorBody {
  title: string;
  description?: string;
  error_id?: string;
  error_code?: string;
  http_status: string;
  external_details?: string;
  details?: Record<string, unknown>;
}

export const WWW_AUTHENTICATE = 'Basic realm="kyojo", Bearer';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Request Entity Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

/**
 * An error a TAXII route raises on purpose. `code` is a stable, Kyojo-specific
 * `error_code` (e.g. `invalid-filter`); `headers` are added to the error response.
 */
export class TaxiiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(description);
    this.name = 'TaxiiError';
  }
}

export const badRequest = (code: string, description: string, details?: Record<string, unknown>) =>
  new TaxiiError(400, code, description, details);

export const notFound = (description = 'The requested resource does not exist or you may not see it.') =>
  new TaxiiError(404, 'not-found', description);

export const forbidden = (description: string) => new TaxiiError(403, 'forbidden', description);

export const unauthorized = () =>
  new TaxiiError(
    401,
    'unauthorized',
    'A valid API token is required: Authorization: Bearer TOKEN, or Basic with EMAIL:TOKEN.',
    undefined,
    { 'www-authenticate': WWW_AUTHENTICATE },
  );

export function methodNotAllowed(allowed: readonly string[], method: string): TaxiiError {
  return new TaxiiError(405, 'method-not-allowed', `${method} is not supported here; use ${allowed.join(' or ')}.`, undefined, {
    allow: allowed.join(', '),
  });
}

export function errorBody(status: number, code: string, description: string, details?: Record<string, unknown>): TaxiiErrorBody {
  const body: TaxiiErrorBody = { title: TITLES[status] ?? 'Error', description, error_code: code, http_status: String(status) };
  if (details) body.details = details;
  return body;
}

export function sendTaxiiError(reply: FastifyReply, err: TaxiiError): FastifyReply {
  if (err.headers) reply.headers(err.headers);
  return sendTaxii(reply, JSON.stringify(errorBody(err.status, err.code, err.message, err.details)), err.status);
}

/** Fastify's own 4xx errors (body parsing, limits), mapped to TAXII errors with a readable description. */
function fromFastify(err: FastifyError, bodyLimit: number): TaxiiError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new TaxiiError(413, 'body-too-large', `The request body exceeds the API root's max_content_length of ${bodyLimit} bytes.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new TaxiiError(
        415,
        'unsupported-media-type',
        'POST a TAXII envelope as Content-Type: application/taxii+json;version=2.1 (or a STIX bundle as application/stix+json;version=2.1).',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return badRequest('bad-content-length', 'The request body does not match its Content-Length.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest('invalid-json', 'The request body is empty.');
    default:
      break;
  }
  const status = err.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new TaxiiError(status, 'bad-request', err.message || TITLES[status] || 'Bad request');
  }
  return undefined;
}

/** The plugin's one error handler: TAXII error objects for everything, never a stack trace. */
export function handleError(bodyLimit: number) {
  return (err: FastifyError | TaxiiError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof TaxiiError) return sendTaxiiError(reply, err);
    const mapped = fromFastify(err, bodyLimit);
    if (mapped) return sendTaxiiError(reply, mapped);
    request.log.error({ err, method: request.method, url: request.url }, 'taxii: unexpected error');
    return sendTaxiiError(reply, new TaxiiError(500, 'internal', 'The hub could not complete the request; the error has been logged.'));
  };
}

/**
 * For the app's `frameworkErrors` option (src/server/app.ts): errors Fastify raises before
 * routing (a malformed percent-encoding, an over-long path parameter) never reach this
 * plugin's handlers. Wired there for /taxii2 URLs, they become TAXII errors too.
 */
export function sendTaxiiFrameworkError(err: FastifyError, reply: FastifyReply): FastifyReply {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendTaxiiError(reply, new TaxiiError(414, 'uri-too-long', 'A path segment of this URL is too long.'));
  }
  if (err.code === 'FST_ERR_BAD_URL') {
    return sendTaxiiError(reply, badRequest('bad-url', 'The URL path is not valid percent-encoded UTF-8.'));
  }
  const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  return sendTaxiiError(reply, new TaxiiError(status, 'bad-request', err.message || 'The request could not be understood.'));
}
