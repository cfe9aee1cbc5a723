/**
 * The declaration of commitment: five articles, in our own words, that the organization's
 * leadership signs and dates. The articles are versioned with the code (ARTICLES_VERSION):
 * a stored declaration keeps the version it was signed under, and is shown with those articles.
 */
import type { Text } from '../assess/types.js';
import type { PostureDeclaration } from '../store/posture-types.js';

export const ARTICLES_VERSION = 1;

export interface Article { id: string; title: Text; text: Text }

export const ARTICLES: readonly Article[] = [
  {
    id: 'a1',
    title: { ja: '経営の責任', en: 'Leadership owns the risk' },
    text: {
      ja: '私たちは、サイバーセキュリティを経営の重要課題と位置づけ、経営者自らがその責任を負い、取締役会に定期的に報告します。',
      en: 'We treat cyber security as a core management issue; the leadership is accountable for it and reports on it to the board on a regular cycle.',
    },
  },
  {
    id: 'a2',
    title: { ja: '体制と投資', en: 'People and investment' },
    text: {
      ja: '私たちは、セキュリティの責任者と対応チームを置き、リスクに見合った予算と人材を確保します。',
      en: 'We appoint a security lead and a response team, and fund them in proportion to our risks.',
    },
  },
  {
    id: 'a3',
    title: { ja: 'サプライチェーン全体での取り組み', en: 'Across the supply chain' },
    text: {
      ja: '私たちは、取引先や委託先とともに、サプライチェーン全体のセキュリティ向上に取り組みます。',
      en: 'We work with our suppliers and contractors to raise security across the whole supply chain.',
    },
  },
  {
    id: 'a4',
    title: { ja: '情報共有と共助', en: 'Sharing and mutual aid' },
    text: {
      ja: '私たちは、脅威や事故の情報を、被害者を特定する情報を除いて速やかに共有し、業界と社会の防御に貢献します。',
      en: 'We share threat and incident information promptly, without what identifies a victim, to help defend our sector and society.',
    },
  },
  {
    id: 'a5',
    title: { ja: '備えと継続的な改善', en: 'Readiness and improvement' },
    text: {
      ja: '私たちは、事故に備えて訓練と復旧の準備を行い、評価の結果をもとに対策を継続的に改善します。',
      en: 'We prepare for incidents through exercises and recovery planning, and keep improving our measures from the results of assessments.',
    },
  },
];

export interface DeclarationJson {
  id: string;
  articles_version: number;
  articles: Article[];
  signer: { name: string; title: string; email: string };
  signed_on: string;
  note: string | null;
  created_at: string;
}

export function declarationJson(d: PostureDeclaration): DeclarationJson {
  return {
    id: d.id,
    articles_version: d.articlesVersion,
    // only one version exists so far; a later version keeps the earlier articles for old declarations
    articles: [...ARTICLES],
    signer: { name: d.signerName, title: d.signerTitle, email: d.signerEmail },
    signed_on: d.signedOn,
    note: d.note,
    created_at: d.createdAt,
  };
}
