/**
 * The words of delivery messages, in Japanese and English (the portal's wording for the 5W1H,
 * web/src/i18n). Only fixed text lives here; every STIX string is the provider's and is
 * escaped where it is put into HTML.
 */
import type { Language } from '../../store/notify-types.js';
import type { Tlp } from '../../stix/markings.js';

export interface MailStrings {
  /** subject after the TLP label: one item */
  subjectOne(label: string): string;
  subjectMany(n: number): string;
  subjectDigest(mode: 'daily' | 'weekly', date: string, n: number): string;
  flashTag: string;
  headingItems(n: number): string;
  headingDigest(mode: 'daily' | 'weekly', from: string, to: string): string;
  /** what the TLP asks of the recipient (FIRST TLP 2.0) */
  tlpRule: Record<Tlp, string>;
  infoType: Record<string, string>;
  purpose: Record<string, string>;
  timing: Record<string, string>;
  stixType(type: string): string;
  unclassified: string;
  labels: { infoType: string; purpose: string; timing: string; provider: string; anonymous: string; open: string; added: string };
  footer(subscription: string): string;
  unsubscribe: string;
  /** a date (YYYY-MM-DD) as written in the text */
  date(isoDate: string): string;
}

const JA_TYPES: Record<string, string> = {
  indicator: 'インジケーター', malware: 'マルウェア', report: 'レポート', vulnerability: '脆弱性',
  'attack-pattern': '攻撃パターン', 'threat-actor': '脅威アクター', 'intrusion-set': '侵入セット', campaign: 'キャンペーン',
  infrastructure: 'インフラストラクチャ', tool: 'ツール', 'course-of-action': '対処方針', incident: 'インシデント',
  identity: 'アイデンティティ', location: '場所', note: 'メモ', opinion: '意見', grouping: 'グルーピング',
  'observed-data': '観測データ', 'malware-analysis': 'マルウェア解析', relationship: '関係', sighting: '目撃',
  'ipv4-addr': 'IPv4 アドレス', 'ipv6-addr': 'IPv6 アドレス', 'domain-name': 'ドメイン名', url: 'URL',
  'email-addr': 'メールアドレス', file: 'ファイル',
};

export const JA: MailStrings = {
  subjectOne: (label) => `Kyojo: ${label}`,
  subjectMany: (n) => `Kyojo: 新着 ${n} 件`,
  subjectDigest: (mode, date, n) => `Kyojo ${mode === 'daily' ? '日次' : '週次'}ダイジェスト ${date}（${n} 件）`,
  flashTag: '[速報]',
  headingItems: (n) => `Kyojo の新着情報（${n} 件）`,
  headingDigest: (mode, from, to) => `Kyojo ${mode === 'daily' ? '日次' : '週次'}ダイジェスト（${from} 〜 ${to}）`,
  tlpRule: {
    clear: '公開に制限はありません。',
    green: 'コミュニティ内に限って共有できます。',
    amber: '受信組織とその顧客内で、知る必要のある範囲に限って共有できます。',
    'amber+strict': '受信組織内に限って共有できます。',
    red: '指名された受信者のみが閲覧できます。転送・共有しないでください。',
  },
  infoType: {
    'best-practice': 'ノウハウ・ベストプラクティス', vulnerability: '脆弱性・技術情報', analysis: '分析情報',
    threat: '脅威情報', incident: '被害・対応情報',
  },
  purpose: { prevention: '予防', detection: '検知', response: '対応', recovery: '復旧', awareness: '啓発', policy: '政策' },
  timing: { flash: '速報', routine: '通常', periodic: '定期' },
  stixType: (t) => JA_TYPES[t] ?? t,
  unclassified: '未分類',
  labels: { infoType: '類型', purpose: '目的', timing: 'タイミング', provider: '提供', anonymous: '匿名', open: 'ポータルで開く', added: '登録' },
  footer: (name) => `このメールは購読「${name}」に基づいて Kyojo から送信されました。`,
  unsubscribe: '配信停止',
  date: (d) => d,
};

export const EN: MailStrings = {
  subjectOne: (label) => `Kyojo: ${label}`,
  subjectMany: (n) => `Kyojo: ${n} new items`,
  subjectDigest: (mode, date, n) => `Kyojo ${mode} digest, ${date} (${n} ${n === 1 ? 'item' : 'items'})`,
  flashTag: '[Flash]',
  headingItems: (n) => `New on Kyojo (${n} ${n === 1 ? 'item' : 'items'})`,
  headingDigest: (mode, from, to) => `Kyojo ${mode} digest (${from} to ${to})`,
  tlpRule: {
    clear: 'Disclosure is not limited.',
    green: 'Limited disclosure: share within the community only.',
    amber: 'Limited disclosure: share within your organization and its clients on a need-to-know basis only.',
    'amber+strict': 'Limited disclosure: share within your organization only.',
    red: 'For the named recipients only. Do not forward or share.',
  },
  infoType: {
    'best-practice': 'Best practice', vulnerability: 'Vulnerability', analysis: 'Analysis', threat: 'Threat', incident: 'Incident',
  },
  purpose: { prevention: 'Prevention', detection: 'Detection', response: 'Response', recovery: 'Recovery', awareness: 'Awareness', policy: 'Policy' },
  timing: { flash: 'Flash', routine: 'Routine', periodic: 'Periodic' },
  stixType: (t) => t,
  unclassified: 'Unclassified',
  labels: { infoType: 'Type', purpose: 'Purpose', timing: 'Timing', provider: 'Provider', anonymous: 'anonymous', open: 'Open in the portal', added: 'Added' },
  footer: (name) => `You receive this from Kyojo through your subscription "${name}".`,
  unsubscribe: 'Unsubscribe',
  date: (d) => d,
};

export function stringsFor(language: Language): MailStrings {
  return language === 'ja' ? JA : EN;
}
