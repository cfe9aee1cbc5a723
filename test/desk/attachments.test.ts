/**
 * Report attachments over HTTP: stored with their SHA-256, listed to the reporter side and desk
 * staff, served as downloads to desk staff only (never inline), oversized and hostile uploads
 * refused with problem details that say why. Both backends.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { TestHub, UserKey } from '../support/hub.js';
import { expectProblem, rest, type RestRes } from '../support/rest.js';
import { fileReport, minimalReport, perBackend } from './helpers.js';

const MAX = 4096;

async function upload(hub: TestHub, as: UserKey, id: string, query: string, content: Buffer | string, contentType = 'application/octet-stream'): Promise<RestRes> {
  const res = await fetch(`${hub.url}/api/v1/reports/${id}/attachments?${query}`, {
    method: 'POST', headers: { authorization: hub.auth(as), 'content-type': contentType, accept: 'application/json' }, body: content,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

perBackend('desk: attachments', (s) => {
  s.it('stores a log hashed, lists it to the reporter side and desk staff, and serves it as a download to desk staff only', async (hub) => {
    const r = await fileReport(hub, 'acmeAnalyst', minimalReport());
    // a captured phishing page: markup, sent as a sample (no declared type)
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const up = await upload(hub, 'acmeReader', r.id, `filename=${encodeURIComponent('フィッシング 2026-11-20.html')}`, html);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const sha = createHash('sha256').update(html).digest('hex');
    expect(up.body.attachment).toMatchObject({ filename: 'フィッシング 2026-11-20.html', size: html.length, sha256: sha, declared_type: 'application/octet-stream' });
    // a web server log quoting a script is still a log
    const log = await upload(hub, 'acmeReader', r.id, 'filename=access.log&type=text/plain', 'GET /?q=<script>alert(1)</script> 200\n');
    expect(log.status, JSON.stringify(log.body)).toBe(201);
    await rest(hub, 'DELETE', `/reports/${r.id}/attachments/${log.body.attachment.id}`, { as: 'acmeAnalyst' });
    const aid = up.body.attachment.id as string;
    for (const who of ['acmeAnalyst', 'operator'] as const) {
      expect((await rest(hub, 'GET', `/reports/${r.id}/attachments`, { as: who })).body.attachments.map((a: { id: string }) => a.id)).toEqual([aid]);
    }
    expectProblem(await rest(hub, 'GET', `/reports/${r.id}/attachments`, { as: 'bankAnalyst' }), 404);
    // the reporter side sees facts, not bytes; strangers learn nothing
    expect(expectProblem(await rest(hub, 'GET', `/reports/${r.id}/attachments/${aid}`, { as: 'acmeAnalyst' }), 403).detail).toContain('desk staff');
    expectProblem(await rest(hub, 'GET', `/reports/${r.id}/attachments/${aid}`, { as: 'bankAnalyst' }), 404);
    const dl = await fetch(`${hub.url}/api/v1/reports/${r.id}/attachments/${aid}`, { headers: { authorization: hub.auth('operator') } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/octet-stream');
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(dl.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-security-policy')).toContain('sandbox');
    expect(dl.headers.get('x-kyojo-sha256')).toBe(sha);
    expect(Buffer.from(await dl.arrayBuffer()).equals(html)).toBe(true);
    // an attachment of another report is not reachable through this one
    const other = await fileReport(hub, 'acmeAnalyst', minimalReport());
    expectProblem(await rest(hub, 'GET', `/reports/${other.id}/attachments/${aid}`, { as: 'operator' }), 404);
    const actions = (await rest(hub, 'GET', `/reports/${r.id}/activity`, { as: 'acmeAnalyst' })).body.entries.map((e: { action: string; details: { sha256?: string } }) => [e.action, e.details.sha256]);
    expect(actions).toEqual([['created', undefined], ['attachment-added', sha], ['attachment-added', createHash('sha256').update('GET /?q=<script>alert(1)</script> 200\n').digest('hex')], ['attachment-removed', undefined], ['attachment-downloaded', sha]]);
    expect((await rest(hub, 'DELETE', `/reports/${r.id}/attachments/${aid}`, { as: 'acmeAnalyst' })).status).toBe(204);
    expect((await rest(hub, 'GET', `/reports/${r.id}/attachments`, { as: 'acmeAnalyst' })).body.attachments).toEqual([]);
  });

  s.it('refuses oversized, empty, hostile and mislabelled uploads with a clear problem', async (hub) => {
    const r = await fileReport(hub, 'acmeAnalyst', minimalReport());
    const big = expectProblem(await upload(hub, 'acmeAnalyst', r.id, 'filename=dump.bin', Buffer.alloc(MAX + 1, 1)), 413);
    expect(big.detail).toContain(String(MAX));
    expect(expectProblem(await upload(hub, 'acmeAnalyst', r.id, 'filename=empty.log', Buffer.alloc(0)), 422).detail).toContain('empty');
    for (const name of ['../../etc/passwd', 'C:\\Windows\\evil.dll', 'a\u0007b.txt', 'CON', 'nul.txt', '..']) {
      const p = expectProblem(await upload(hub, 'acmeAnalyst', r.id, `filename=${encodeURIComponent(name)}`, 'x'), 422);
      expect(p.detail, name).toMatch(/^Attachment refused: /);
    }
    expect(expectProblem(await upload(hub, 'acmeAnalyst', r.id, '', 'x'), 422).detail).toContain('filename');
    // bytes of a program that claim to be a PDF
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0)]);
    expect(expectProblem(await upload(hub, 'acmeAnalyst', r.id, 'filename=invoice.pdf&type=application/pdf', exe), 415).detail).toMatch(/^Attachment refused: /);
    expectProblem(await upload(hub, 'acmeAnalyst', r.id, 'filename=a.json', '{"a":1}', 'application/json'), 415);
    // strangers are told nothing about the report, whatever they send
    expectProblem(await upload(hub, 'bankAnalyst', r.id, 'filename=a.txt', 'x'), 404);
    expect((await rest(hub, 'GET', `/reports/${r.id}/attachments`, { as: 'acmeAnalyst' })).body.attachments).toEqual([]);
    // a closed report takes no more files from its reporter
    await rest(hub, 'POST', `/reports/${r.id}/triage`, { as: 'operator' });
    await rest(hub, 'POST', `/reports/${r.id}/close`, { as: 'operator', body: { resolution: 'done' } });
    expectProblem(await upload(hub, 'acmeAnalyst', r.id, 'filename=late.txt', 'x'), 409);
  });
}, { config: { attachmentMaxBytes: MAX } });
