import type { FastifyReply } from 'fastify';
import { TAXII_CONTENT_TYPE } from './media.js';

/**
 * Sends a TAXII body with exactly `Content-Type: application/taxii+json;version=2.1`.
 * A Buffer is sent because Fastify rewrites the Content-Type of string payloads
 * (`version="2.1"; charset=utf-8`), which TAXII clients comparing the media type
 * parameter by parameter (taxii2-client does) refuse.
 */
export function sendTaxii(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).header('content-type', TAXII_CONTENT_TYPE).send(Buffer.from(body, 'utf8'));
}
