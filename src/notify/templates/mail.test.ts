import { describe, expect, it } from 'vitest';
import { classificationOf } from '../filters.js';
import type { ItemView } from '../items.js';
import { escapeHtml, oneLine, renderMail } from './mail.js';

function view(over: Partial<ItemView> & { timing?: string; infoType?: string | null } = {}): ItemView {
  const { timing = 'routine', infoType = 'threat', ...rest } = over;
  const cj = JSON.stringify({ purpose: ['detection'], infoType, tier: [], timing, embargoUntil: null, channels: ['email'] });
  return {
    id: 'malware--00000000-0000-4000-8000-000000000001', type: 'malware', version: 'v', label: 'Emotet loader', description: 'Spreads by <b>mail</b>',
    tlp: 'amber', classification: null, classificationParsed: classificationOf(cj), created: null, modified: null,
    date_added: '2026-11-26T10:00:00.000000Z', provider: { slug: 'acme', name: 'ACME Bank' },
    url: 'https://kyojo.example.org/objects/malware--00000000-0000-4000-8000-000000000001', object: {}, ...rest,
  };
}

const base = { subscriptionName: 'Threats', unsubscribeUrl: 'https://kyojo.example.org/api/v1/unsubscribe/abc' };

describe('delivery email', () => {
  it('the TLP label leads the subject and both bodies; English', () => {
    const m = renderMail({ ...base, language: 'en', kind: 'items', items: [view()] });
    expect(m.subject).toBe('[TLP:AMBER] Kyojo: malware: Emotet loader');
    expect(m.text.split('\n')[0]).toMatch(/^TLP:AMBER — Limited disclosure/);
    expect(m.html.replace(/<[^>]+>/g, '').trim().startsWith('New on Kyojo')).toBe(true); // the <title>
    expect(m.html.indexOf('TLP:AMBER')).toBeLessThan(m.html.indexOf('Emotet loader', m.html.indexOf('<body')));
    expect(m.text).toContain('Unsubscribe: https://kyojo.example.org/api/v1/unsubscribe/abc');
  });

  it('Japanese; flash tagged; the most restrictive TLP leads a message of several', () => {
    const m = renderMail({ ...base, language: 'ja', kind: 'items', items: [view({ timing: 'flash' }), view({ tlp: 'red', label: 'Second' })] });
    expect(m.subject).toBe('[TLP:RED] [速報] Kyojo: 新着 2 件');
    expect(m.text.split('\n')[0]).toBe('TLP:RED — 指名された受信者のみが閲覧できます。転送・共有しないでください。');
    expect(m.text).toContain('類型: 脅威情報 / 目的: 検知 / タイミング: 速報 / 提供: ACME Bank');
    expect(m.text).toContain('■ [TLP:AMBER] マルウェア: Emotet loader');
    expect(m.text).toContain('配信停止: https://kyojo.example.org/api/v1/unsubscribe/abc');
  });

  it('escapes every STIX string in HTML and loads nothing remote', () => {
    const evil = '"><img src=https://evil.example/x.png onerror=alert(1)><script>alert(2)</script>';
    const m = renderMail({ ...base, language: 'en', kind: 'items', items: [view({ label: evil, description: evil, provider: { slug: 'x', name: evil } })] });
    expect(m.html).not.toContain('<img');
    expect(m.html).not.toContain('<script');
    expect(m.html).toContain(escapeHtml(evil));
    expect(m.html).not.toMatch(/\ssrc="|<link|url\(/i);
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(oneLine('a\r\nBcc: x@example.org')).toBe('a Bcc: x@example.org');
  });

  it('a digest lists its items grouped by info type', () => {
    const m = renderMail({
      ...base, language: 'en', kind: 'digest', digest: { mode: 'daily', from: '2026-11-25T08:00:00.000Z', to: '2026-11-26T08:00:00.000Z' },
      items: [view({ infoType: 'best-practice', label: 'Patch policy' }), view({ label: 'Loader' }), view({ infoType: null, label: 'Misc' }), view({ label: 'Stealer' })],
    });
    expect(m.subject).toBe('[TLP:AMBER] Kyojo daily digest, 2026-11-26 (4 items)');
    const order = ['== Threat (2) ==', 'Loader', 'Stealer', '== Best practice (1) ==', 'Patch policy', '== Unclassified (1) ==', 'Misc'].map((s) => m.text.indexOf(s));
    expect(order.every((x) => x >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const ja = renderMail({ ...base, language: 'ja', kind: 'digest', digest: { mode: 'weekly', from: '2026-11-22T23:00:00.000Z', to: '2026-11-29T23:00:00.000Z' }, items: [view()] });
    expect(ja.subject).toBe('[TLP:AMBER] Kyojo 週次ダイジェスト 2026-11-29（1 件）');
  });
});
