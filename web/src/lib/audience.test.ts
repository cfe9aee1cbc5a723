import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AudienceSummary } from '../api/types';
import en from '../i18n/en.json';
import ja from '../i18n/ja.json';
import { audienceSentence, type Translate } from './audience';

const base: AudienceSummary = {
  organizations: 14,
  communities: [{ slug: 'fin-isac', name: 'Finance ISAC', organizations: 14 }],
  named_organizations: [],
  named_users: 0,
  public: false,
  tlp: 'amber',
  min_clearance: 0,
  attribution: 'none',
  terms: [],
  sectors: [],
};

let tEn: Translate;
let tJa: Translate;
beforeAll(async () => {
  const make = async (lng: string) => {
    const i = i18next.createInstance();
    await i.init({ lng, resources: { en: { translation: en }, ja: { translation: ja } }, interpolation: { escapeValue: false } });
    return i.t.bind(i) as unknown as Translate;
  };
  tEn = await make('en');
  tJa = await make('ja');
});

describe('audienceSentence', () => {
  it('says who receives it in plain English and Japanese', () => {
    expect(audienceSentence(base, tEn, 'en')).toBe('Shared with 14 organizations in Finance ISAC. The provider is anonymous.');
    expect(audienceSentence({ ...base, communities: [{ slug: 'fin-isac', name: '金融ISAC', organizations: 14 }] }, tJa, 'ja')).toBe(
      '金融ISACの14組織に共有されます。提供者は匿名です。',
    );
  });

  it('lists communities, named organizations and people, with the total when it differs', () => {
    const a: AudienceSummary = {
      ...base,
      organizations: 17,
      communities: [
        { slug: 'fin-isac', name: 'Finance ISAC', organizations: 14 },
        { slug: 'ict-isac', name: 'ICT-ISAC', organizations: 1 },
      ],
      named_organizations: [{ slug: 'acme', name: 'Acme Bank' }],
      named_users: 2,
      attribution: 'public',
    };
    expect(audienceSentence(a, tEn, 'en')).toBe(
      'Shared with 14 organizations in Finance ISAC, 1 organization in ICT-ISAC, Acme Bank, and 2 named people. ' +
        '17 organizations in all, yours included. Your organization is shown as the provider.',
    );
  });

  it('states clearance, terms and sectors, and the public case', () => {
    const a: AudienceSummary = { ...base, min_clearance: 2, terms: ['gov-2026'], sectors: ['finance', 'energy'], attribution: 'operators' };
    expect(audienceSentence(a, tJa, 'ja')).toBe(
      'Finance ISACの14組織に共有されます。クリアランス レベル2以上を持ち、認定を受けた組織の人に限られます。' +
        '利用条件（gov-2026）に同意した人に限られます。対象業種（金融、エネルギー）の組織に限られます。提供者はハブ運用者にのみ開示されます。',
    );
    const pub: AudienceSummary = { ...base, public: true, communities: [], organizations: 0, tlp: 'clear', attribution: 'public' };
    expect(audienceSentence(pub, tEn, 'en')).toBe('Shared with everyone (public). Your organization is shown as the provider.');
  });

  it('says when only the provider will see it', () => {
    const a: AudienceSummary = { ...base, communities: [], organizations: 1 };
    expect(audienceSentence(a, tEn, 'en')).toBe('Only your own organization will see it. The provider is anonymous.');
  });
});
