import { describe, expect, it } from 'vitest';
import { renderNotice } from './mail.js';

const level = { ja: 'レベル3（自己評価・専門家確認）', en: 'Level 3 (self-assessed, confirmed by an expert)' };

describe('supply-chain email', () => {
  it('an invitation speaks Japanese then English, quotes the buyer, and tells a supplier not on the hub what to do', () => {
    const m = renderNotice({ kind: 'invite', buyer: 'ACME Bank', level, dueDate: '2026-12-31', message: 'Line one\nLine two', onHub: false, link: 'https://kyojo.test/supply/inbox' });
    expect(m.subject).toBe('[Kyojo] ACME Bank からサプライチェーン評価の依頼が届いています / ACME Bank asks you for a supply-chain assessment');
    const ja = m.text.indexOf('回答期限は 2026-12-31');
    const en = m.text.indexOf('by 2026-12-31');
    expect(ja).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(ja);
    expect(m.text).toContain('> Line one\n> Line two');
    expect(m.text).toContain('ハブの運営者に依頼してください');
    expect(m.text).toContain('not on Kyojo yet');
    expect(m.text).toContain('https://kyojo.test/supply/inbox');
  });

  it('reminders name the date and carry no buyer note', () => {
    const due = renderNotice({ kind: 'due-soon', buyer: 'ACME Bank', level, dueDate: '2026-12-31', message: 'secret note', onHub: true, link: 'L' });
    expect(due.subject).toContain('2026-12-31');
    expect(due.text).not.toContain('secret note');
    expect(due.text).toContain('Open the request in the portal: L');
    const expiry = renderNotice({ kind: 'expiry-soon', level, expiresAt: '2027-11-26T06:00:00.000Z', onHub: true, link: 'L' });
    expect(expiry.subject).toContain('2027-11-26');
    expect(expiry.text).toContain('有効期限を迎えます');
  });
});
