import { useTranslation } from 'react-i18next';
import { post, seg } from '../../api/client';
import type { Report, Sanitized } from '../../api/desk-types';
import { ErrorBox, Loading } from '../../components/Status';
import { afterSegments, beforeSegments, changeCounts, remainingTerms } from '../../lib/desk-diff';
import { formatDateTime } from '../../lib/format';
import { useAction, useApi } from '../../lib/useApi';
import { Segments } from './DeskBits';

/**
 * What leaves the organization when it is not named: the original and the sanitized text side
 * by side, masked values marked, observables removed and why; the reporter approves exactly
 * the result shown (its digest).
 */
export function SanitizerPanel({ report, reporterSide, onReport }: { report: Report; reporterSide: boolean; onReport: (r: Report) => void }) {
  const { t, i18n } = useTranslation();
  const s = useApi<Sanitized>(`/reports/${seg(report.id)}/sanitized`);
  const approve = useAction();
  if (s.loading && !s.data) return <Loading />;
  if (!s.data) return <ErrorBox error={s.error} />;
  const data = s.data;
  const counts = changeCounts(data.fields);
  const left = remainingTerms(data.fields, [report.organization.name, ...(report.identifying_terms ?? [])]);
  const current = data.approval?.current === true && data.approval.digest === data.digest;

  const doApprove = () =>
    void approve
      .run(async () => {
        const answer = await post<{ report: Report }>(`/reports/${seg(report.id)}/sanitized/approve`, { digest: data.digest });
        onReport(answer.report);
        return true;
      })
      // approved, or refused because the result changed meanwhile (409): show the current one
      .then(() => s.reload());

  return (
    <section className="card desk-sanitizer" aria-labelledby="desk-sanitizer" data-testid="sanitizer">
      <h2 id="desk-sanitizer">{t('desk.sanitizer.title')}</h2>
      <p className="hint">{t('desk.sanitizer.lead')}</p>
      <p className="chips" data-testid="sanitizer-counts">
        {Object.entries(counts).map(([kind, n]) => (
          <span key={kind} className="chip">
            {t(`desk.kind.${kind}`, { defaultValue: kind })}: {n}
          </span>
        ))}
        {Object.keys(counts).length === 0 && <span className="muted">{t('desk.sanitizer.nothingMasked')}</span>}
      </p>
      {data.fields.map((f) => (
        <div key={f.field} className="desk-diff" data-testid="sanitizer-field">
          <h3>{t(`desk.field.${f.field.replace(/\./g, '_')}`, { defaultValue: f.field })}</h3>
          <div className="desk-diff-cols">
            <div>
              <p className="desk-diff-label">{t('desk.sanitizer.before')}</p>
              <p className="desk-diff-text prewrap desk-wrap" data-testid="diff-before">
                <Segments segments={beforeSegments(f.before, f.changes)} side="before" />
              </p>
            </div>
            <div>
              <p className="desk-diff-label">{t('desk.sanitizer.after')}</p>
              <p className="desk-diff-text prewrap desk-wrap" data-testid="diff-after">
                <Segments segments={afterSegments(f.after)} side="after" />
              </p>
            </div>
          </div>
        </div>
      ))}
      {data.observables.removed.length > 0 && (
        <div data-testid="removed-observables">
          <h3>{t('desk.sanitizer.removed')}</h3>
          <ul className="desk-observables">
            {data.observables.removed.map((o, i) => (
              <li key={i}>
                <span className="type-badge">{o.type}</span> <span className="mono break">{o.value}</span> <span className="muted">— {o.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {data.observables.kept.length > 0 && (
        <p className="hint">{t('desk.sanitizer.kept', { count: data.observables.kept.length })}</p>
      )}
      {left.length > 0 && (
        <div className="alert alert-warning" role="alert" data-testid="remaining-terms">
          <strong>{t('desk.sanitizer.stillThere')}</strong> <span className="desk-wrap">{left.join(t('common.listSep'))}</span>
        </div>
      )}
      <div className="desk-approval" data-testid="approval-state" data-current={current ? 'yes' : 'no'}>
        {current && data.approval ? (
          <p className="alert alert-success">{t('desk.sanitizer.approved', { who: data.approval.approved_by, when: formatDateTime(data.approval.approved_at, i18n.language) })}</p>
        ) : data.approval ? (
          <p className="alert alert-warning">{t('desk.sanitizer.changedSince')}</p>
        ) : (
          <p className="muted">{t('desk.sanitizer.notApproved')}</p>
        )}
        {reporterSide && report.can.approve && !current && (
          <button type="button" className="btn btn-primary" onClick={doApprove} disabled={approve.busy} data-testid="sanitizer-approve">
            {t('desk.sanitizer.approve')}
          </button>
        )}
        <ErrorBox error={approve.error} />
      </div>
    </section>
  );
}
