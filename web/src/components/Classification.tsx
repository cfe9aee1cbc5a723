import { useTranslation } from 'react-i18next';
import type { Classification as C } from '../api/types';
import { formatDateTime } from '../lib/format';

/** Compact 5W1H chips for a list item: timing (flash has its own badge), info type, purposes, tiers. */
export function ClassificationChips({ c }: { c: C | null }) {
  const { t } = useTranslation();
  if (!c) return null;
  return (
    <span className="chips">
      {c.timing && c.timing !== 'flash' && <span className={`chip chip-timing-${c.timing}`}>{t(`enum.timing.${c.timing}`, { defaultValue: c.timing })}</span>}
      {c.info_type && <span className="chip chip-info">{t(`enum.info_type.${c.info_type}`, { defaultValue: c.info_type })}</span>}
      {(c.purpose ?? []).map((p) => (
        <span key={p} className="chip">
          {t(`enum.purpose.${p}`, { defaultValue: p })}
        </span>
      ))}
      {(c.tier ?? []).map((p) => (
        <span key={p} className="chip chip-tier">
          {t(`enum.tier.${p}`, { defaultValue: p })}
        </span>
      ))}
    </span>
  );
}

/** The full 5W1H classification of an object (Why, What, Where, Who, When, How). */
export function ClassificationTable({ c, venues }: { c: C | null; venues?: string[] }) {
  const { t, i18n } = useTranslation();
  const list = (kind: string, values: string[] | undefined) =>
    values && values.length ? values.map((v) => t(`enum.${kind}.${v}`, { defaultValue: v })).join(t('common.listSep')) : '—';
  if (!c) return <p className="muted">{t('object.unclassified')}</p>;
  const rows: [string, string][] = [
    [t('w5h1.why'), list('purpose', c.purpose)],
    [t('w5h1.what'), c.info_type ? t(`enum.info_type.${c.info_type}`, { defaultValue: c.info_type }) : '—'],
    ...(venues && venues.length ? [[t('w5h1.where'), venues.join(t('common.listSep'))] as [string, string]] : []),
    [t('w5h1.who'), list('tier', c.tier)],
    [
      t('w5h1.when'),
      (c.timing ? t(`enum.timing.${c.timing}`, { defaultValue: c.timing }) : '—') +
        (c.embargo_until ? ` · ${t('w5h1.embargo', { until: formatDateTime(c.embargo_until, i18n.language) })}` : ''),
    ],
    [t('w5h1.how'), list('channels', c.channels)],
  ];
  return (
    <dl className="w5h1" data-testid="classification">
      {rows.map(([k, v]) => (
        <div key={k} className="w5h1-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
