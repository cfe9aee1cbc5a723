import type { AudienceSummary } from '../api/types';

/** A translation function (i18next's `t`, or a test double). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

function joinList(items: string[], lang: string): string {
  if (items.length <= 1) return items[0] ?? '';
  try {
    return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/**
 * Who will receive a publication, in plain words, from the preview's AudienceSummary:
 * e.g. "Shared with 14 organizations in Finance ISAC. The provider is anonymous." /
 * 「金融ISACの14組織に共有されます。提供者は匿名です。」
 */
export function audienceSentence(a: AudienceSummary, t: Translate, lang: string): string {
  const recipients: string[] = [];
  if (a.public) recipients.push(t('audience.public'));
  for (const c of a.communities) recipients.push(t('audience.community', { count: c.organizations, name: c.name }));
  if (a.named_organizations.length) {
    recipients.push(t('audience.namedOrganizations', { names: joinList(a.named_organizations.map((o) => o.name), lang) }));
  }
  if (a.named_users > 0) recipients.push(t('audience.namedUsers', { count: a.named_users }));

  const sentences: string[] = [];
  if (recipients.length === 0) sentences.push(t('audience.providerOnly'));
  else sentences.push(t('audience.sharedWith', { recipients: joinList(recipients, lang) }));

  const single = a.communities.length === 1 && !a.named_organizations.length && !a.public ? a.communities[0] : undefined;
  if (!a.public && a.organizations > 0 && recipients.length > 0 && a.organizations !== single?.organizations) {
    sentences.push(t('audience.total', { count: a.organizations }));
  }
  if (a.min_clearance && a.min_clearance > 0) sentences.push(t('audience.clearance', { level: a.min_clearance }));
  if (a.terms.length) sentences.push(t('audience.terms', { terms: joinList(a.terms, lang) }));
  if (a.sectors.length) {
    sentences.push(t('audience.sectors', { sectors: joinList(a.sectors.map((s) => t(`sector.${s}`, { defaultValue: s })), lang) }));
  }
  sentences.push(t(`audience.attribution.${a.attribution}`));
  return sentences.join(lang.startsWith('ja') ? '' : ' ');
}
