import { describe, expect, it } from 'vitest';
import { contentDisposition, filenameProblem } from './names.js';
import { declaredTypeProblem, sniff } from './sniff.js';
import { AttachmentError, AttachmentService, sha256 } from './index.js';
import type { AttachmentMeta, AttachmentRepository } from '../store/attachments-types.js';
import type { Store } from '../store/types.js';

describe('filenameProblem', () => {
  it.each([
    ['report.pdf', null],
    ['ランサムノート 2026-11.txt', null],
    ['.bash_history', null],
    ['', 'needs a name'],
    ['../../etc/passwd', 'without folders'],
    ['..', "must not start with '..'"],
    ['C:\\Users\\taro\\evil.exe', 'without folders'],
    ['logs/a.txt', 'without folders'],
    ['invoice\u202Efdp.exe', 'text-direction'],
    ['a\u0000b.txt', 'control'],
    ['line\nbreak.txt', 'control'],
    ['CON', 'reserved device name'],
    ['lpt1.txt', 'reserved device name'],
    ['trailing.', 'must not end'],
    ['x'.repeat(201), 'longer than 200'],
  ])('%j → %s', (name, problem) => {
    const got = filenameProblem(name);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });

  it('offers an ASCII fallback and the exact name percent-encoded in Content-Disposition', () => {
    expect(contentDisposition('ログ (1).txt')).toBe(
      `attachment; filename="____1_.txt"; filename*=UTF-8''%E3%83%AD%E3%82%B0%20%281%29.txt`,
    );
    expect(contentDisposition('a"b;c.txt')).toBe(`attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%3Bc.txt`);
  });
});

describe('sniff and declaredTypeProblem', () => {
  const pdf = Buffer.from('%PDF-1.7\n...');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  const exe = Buffer.from('MZ\x90\x00\x03', 'latin1');
  const html = Buffer.from('\uFEFF  <!DOCTYPE html><html><script>alert(1)</script>');
  const log = Buffer.from('10.0.0.5 - - "GET /?q=<script>alert(1)</script> HTTP/1.1" 200\n');

  it('names what the first bytes are', () => {
    expect([pdf, png, exe, html, log].map(sniff)).toEqual(['pdf', 'png', 'executable', 'markup', 'unknown']);
    expect(sniff(Buffer.from('#!/bin/sh\nrm -rf /'))).toBe('executable');
    expect(sniff(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>'))).toBe('markup');
  });

  it('accepts honest declarations, including a web log that quotes a script tag', () => {
    expect(declaredTypeProblem('application/pdf', pdf)).toBeNull();
    expect(declaredTypeProblem('image/png', png)).toBeNull();
    expect(declaredTypeProblem('text/plain', log)).toBeNull();
    expect(declaredTypeProblem('application/octet-stream', exe)).toBeNull(); // a malware sample, declared as such
    expect(declaredTypeProblem('application/x-msdownload', exe)).toBeNull();
  });

  it('refuses a type the bytes contradict', () => {
    expect(declaredTypeProblem('application/pdf', html)).toBe('the file is declared as application/pdf but its content is HTML/SVG markup with possible script');
    expect(declaredTypeProblem('image/png', exe)).toBe('the file is declared as image/png but its content is a program or script');
    expect(declaredTypeProblem('text/plain', exe)).toBe('the file is declared as text/plain but its content is a program or script');
    expect(declaredTypeProblem('text/plain', html)).toContain('HTML/SVG markup');
    expect(declaredTypeProblem('application/zip', pdf)).toBe('the file is declared as application/zip but its content is a PDF file');
    expect(declaredTypeProblem('not a type', pdf)).toBe("'not a type' is not a media type (type/subtype)");
  });
});

/** An in-memory repository: the service's checks do not need a database. */
function memoryStore(): { store: Store; rows: Map<string, { meta: AttachmentMeta; content: Buffer }> } {
  const rows = new Map<string, { meta: AttachmentMeta; content: Buffer }>();
  const attachments: AttachmentRepository = {
    async put(meta, content) {
      rows.set(meta.id, { meta, content: Buffer.from(content) });
    },
    async get(id) {
      return rows.get(id)?.meta;
    },
    async content(id) {
      return rows.get(id)?.content;
    },
    async listByScope(scope) {
      return [...rows.values()].filter((r) => r.meta.scope === scope).map((r) => r.meta);
    },
    async delete(id) {
      return rows.delete(id);
    },
  };
  return { store: { attachments } as unknown as Store, rows };
}

describe('AttachmentService', () => {
  const base = { scope: 'desk-report:1', ownerOrgId: 'org-acme', createdBy: 'user-alice' };

  it('stores a file with its size and SHA-256 and reads it back', async () => {
    const { store } = memoryStore();
    const service = new AttachmentService(store, { maxBytes: 16 });
    const meta = await service.add({ ...base, filename: 'auth.log', declaredType: 'Text/Plain', content: Buffer.from('failed login\n') });
    expect(meta).toMatchObject({ filename: 'auth.log', declaredType: 'text/plain', size: 13, sha256: sha256(Buffer.from('failed login\n')) });
    expect(meta.sha256).toBe('2abba81ffa828daf1c5675cf2fbf442c307d21cc17a7665295fc221a16ec4c62'); // sha256sum of the same bytes
    const read = await service.read(meta);
    expect(read?.content.toString()).toBe('failed login\n');
    expect((await service.list('desk-report:1')).map((m) => m.id)).toEqual([meta.id]);
    expect(await service.get('not-a-uuid')).toBeUndefined();
  });

  it('refuses oversize (413), empty and hostile names (422), contradicted types (415) with the reason', async () => {
    const { store, rows } = memoryStore();
    const service = new AttachmentService(store, { maxBytes: 16 });
    const refused = async (u: { filename: string; content: Buffer; declaredType?: string }): Promise<AttachmentError> => {
      const err = await service.add({ ...base, ...u }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(AttachmentError);
      return err as AttachmentError;
    };
    const big = await refused({ filename: 'dump.bin', content: Buffer.alloc(17) });
    expect([big.status, big.message]).toEqual([413, "Attachment refused: 'dump.bin' is 17 bytes; this hub accepts at most 16 bytes per file."]);
    const empty = await refused({ filename: 'x.txt', content: Buffer.alloc(0) });
    expect([empty.status, empty.message]).toEqual([422, "Attachment refused: 'x.txt' is empty."]);
    const path = await refused({ filename: '../x.txt', content: Buffer.from('x') });
    expect([path.status, path.message]).toEqual([422, 'Attachment refused: the filename must be a plain name, without folders (/ or \\).']);
    const disguised = await refused({ filename: 'invoice.pdf', declaredType: 'application/pdf', content: Buffer.from('MZ\x90\x00', 'latin1') });
    expect([disguised.status, disguised.message]).toEqual([415, 'Attachment refused: the file is declared as application/pdf but its content is a program or script.']);
    expect(rows.size).toBe(0);
  });

  it('never serves bytes that no longer match their hash', async () => {
    const { store, rows } = memoryStore();
    const service = new AttachmentService(store, { maxBytes: 100 });
    const meta = await service.add({ ...base, filename: 'a.txt', content: Buffer.from('original') });
    rows.get(meta.id)!.content = Buffer.from('tampered');
    await expect(service.read(meta)).rejects.toThrow('stored bytes do not match their SHA-256');
  });
});
