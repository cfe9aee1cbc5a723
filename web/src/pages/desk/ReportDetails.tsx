import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report } from '../../api/desk-types';
import { formatDateTime } from '../../lib/format';

function Row({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <div className="prop">
      <dt className="prop-key">{label}</dt>
      <dd className="prewrap desk-wrap">{children}</dd>
    </div>
  );
}

/** A time as given (with its zone) and in the reader's own. */
function When({ iso }: { iso: string | null }) {
  const { i18n } = useTranslation();
  if (!iso) return null;
  return (
    <>
      <span className="mono">{iso}</span> <span className="muted">({formatDateTime(iso, i18n.language)})</span>
    </>
  );
}

/** Everything the reporter wrote, as text. */
export function ReportDetails({ report: r }: { report: Report }) {
  const { t } = useTranslation();
  const yesNo = r.essential_service_breached === null ? null : r.essential_service_breached ? t('common.yes') : t('common.no');
  return (
    <section className="card" aria-labelledby="desk-details">
      <h2 id="desk-details">{t('desk.report.details')}</h2>
      <dl className="props" data-testid="report-fields">
        <Row label={t('desk.form.type')}>{t(`desk.type.${r.type}`)}</Row>
        <Row label={t('desk.report.organization')}>{r.organization.name}</Row>
        <Row label={t('desk.form.sector')}>{r.sector ? t(`sector.${r.sector}`, { defaultValue: r.sector }) : null}</Row>
        <Row label={t('desk.report.contact')}>{[r.contact?.name, r.contact?.email, r.contact?.phone].filter(Boolean).join(' · ') || null}</Row>
        <Row label={t('desk.form.detectedAt')}>{r.detected_at ? <When iso={r.detected_at} /> : null}</Row>
        <Row label={t('desk.form.startedAt')}>{r.started_at ? <When iso={r.started_at} /> : null}</Row>
        <Row label={t('desk.form.systems')}>{r.affected?.systems ?? null}</Row>
        <Row label={t('desk.form.environments')}>{r.affected?.environments?.map((e) => t(`desk.environment.${e}`, { defaultValue: e })).join(t('common.listSep')) || null}</Row>
        <Row label={t('desk.form.discovery')}>{r.discovery}</Row>
        <Row label={t('desk.form.intrusionRoute')}>{r.intrusion_route}</Row>
        <Row label={t('desk.form.businessImpact')}>{r.business_impact}</Row>
        <Row label={t('desk.form.essential')}>{yesNo}</Row>
        <Row label={t('desk.form.response')}>{r.response}</Row>
        <Row label={t('desk.form.helpRequested')}>{r.help_requested}</Row>
        <Row label={t('desk.form.ransomNote')}>{r.ransomware?.note ?? null}</Row>
        <Row label={t('desk.form.ransomExtension')}>{r.ransomware?.extension ?? null}</Row>
        <Row label={t('desk.form.ransomFamily')}>{r.ransomware?.family ?? null}</Row>
        <Row label={t('desk.form.ransomMethod')}>{r.ransomware?.intrusion_method ?? null}</Row>
        <Row label={t('desk.form.ddosAttack')}>{r.ddos?.attack ?? null}</Row>
        <Row label={t('desk.form.ddosPeak')}>{r.ddos?.peak ?? null}</Row>
        <Row label={t('desk.form.ddosDuration')}>{r.ddos?.duration ?? null}</Row>
        <Row label={t('desk.form.techniques')}>{r.techniques?.join(t('common.listSep')) || null}</Row>
        <Row label={t('desk.form.identifyingTerms')}>{r.identifying_terms?.join(t('common.listSep')) || null}</Row>
        <Row label={t('desk.form.observablesTitle')}>
          {r.observable_items.length > 0 ? (
            <ul className="desk-observables">
              {r.observable_items.map((o, i) => (
                <li key={i}>
                  <span className="type-badge">{o.type}</span> <span className="mono break">{o.value}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </Row>
      </dl>
    </section>
  );
}
