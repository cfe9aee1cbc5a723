/**
 * Attachments: files a report-desk reporter or a supplier uploads (logs, samples, audit reports,
 * certificates). The hub stores the bytes with their SHA-256 and never interprets them: no
 * preview, no thumbnail, no unpacking, no execution; a download is always
 * `application/octet-stream` with `Content-Disposition: attachment`, `nosniff` and a sandboxing
 * CSP, so even a browser opening it directly cannot run it in the hub's origin.
 * Who may download one is the owning module's policy rule (src/policy/*-access.ts); this module
 * only checks what is uploaded and serves what it is asked to.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AttachmentMeta } from '../store/attachments-types.js';
import type { Store } from '../store/types.js';
import { contentDisposition, filenameProblem } from './names.js';
import { declaredTypeProblem } from './sniff.js';

export type { AttachmentMeta } from '../store/attachments-types.js';

export interface AttachmentUpload {
  scope: string;
  ownerOrgId: string;
  createdBy: string;
  filename: string;
  declaredType?: string;
  content: Buffer;
}

/** A refused upload; `message` says what was wrong in words an uploader can act on. */
export class AttachmentError extends Error {
  constructor(
    readonly status: 413 | 415 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'AttachmentError';
  }
}

const OCTET = 'application/octet-stream';

export class AttachmentService {
  constructor(
    private readonly store: Store,
    private readonly opts: { maxBytes: number },
  ) {}

  get maxBytes(): number {
    return this.opts.maxBytes;
  }

  /** Check and store one upload; throws AttachmentError when refused. */
  async add(u: AttachmentUpload): Promise<AttachmentMeta> {
    const filename = u.filename.normalize('NFC');
    const nameProblem = filenameProblem(filename);
    if (nameProblem) throw new AttachmentError(422, `Attachment refused: ${nameProblem}.`);
    if (u.content.length === 0) throw new AttachmentError(422, `Attachment refused: '${filename}' is empty.`);
    if (u.content.length > this.opts.maxBytes) {
      throw new AttachmentError(413, `Attachment refused: '${filename}' is ${u.content.length} bytes; this hub accepts at most ${this.opts.maxBytes} bytes per file.`);
    }
    const declaredType = (u.declaredType ?? OCTET).trim().toLowerCase() || OCTET;
    const typeProblem = declaredTypeProblem(declaredType, u.content);
    if (typeProblem) throw new AttachmentError(415, `Attachment refused: ${typeProblem}.`);
    const meta: AttachmentMeta = {
      id: randomUUID(),
      scope: u.scope,
      ownerOrgId: u.ownerOrgId,
      createdBy: u.createdBy,
      createdAt: new Date().toISOString(),
      filename,
      declaredType,
      size: u.content.length,
      sha256: sha256(u.content),
    };
    await this.store.attachments.put(meta, u.content);
    return meta;
  }

  list(scope: string): Promise<AttachmentMeta[]> {
    return this.store.attachments.listByScope(scope);
  }

  get(id: string): Promise<AttachmentMeta | undefined> {
    return isUuid(id) ? this.store.attachments.get(id) : Promise.resolve(undefined);
  }

  /**
   * The bytes of an attachment whose facts the caller already read (and checked the scope of);
   * throws when they no longer match their hash (never serve altered evidence).
   */
  async read(meta: AttachmentMeta): Promise<{ meta: AttachmentMeta; content: Buffer } | undefined> {
    const content = await this.store.attachments.content(meta.id);
    if (!content) return undefined;
    if (sha256(content) !== meta.sha256) throw new Error(`attachment ${meta.id}: stored bytes do not match their SHA-256`);
    return { meta, content };
  }

  remove(id: string): Promise<boolean> {
    return isUuid(id) ? this.store.attachments.delete(id) : Promise.resolve(false);
  }

}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/**
 * In a route plugin: accept `application/octet-stream` bodies up to maxBytes as a Buffer.
 * Idempotent per encapsulation context, so several route files may call it.
 */
export function acceptOctetStream(app: FastifyInstance, maxBytes: number): void {
  if (app.hasContentTypeParser(OCTET)) return;
  app.addContentTypeParser(OCTET, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
}

/** Serve an attachment as a download only. */
export function sendAttachment(reply: FastifyReply, meta: AttachmentMeta, content: Buffer): FastifyReply {
  return reply
    .code(200)
    .header('content-type', OCTET)
    .header('content-disposition', contentDisposition(meta.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .header('x-kyojo-sha256', meta.sha256)
    .send(content);
}

export interface AttachmentJson {
  id: string;
  filename: string;
  declared_type: string;
  size: number;
  sha256: string;
  created_at: string;
}

export function attachmentJson(meta: AttachmentMeta): AttachmentJson {
  return {
    id: meta.id,
    filename: meta.filename,
    declared_type: meta.declaredType,
    size: meta.size,
    sha256: meta.sha256,
    created_at: meta.createdAt,
  };
}
