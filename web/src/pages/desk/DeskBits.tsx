import { useTranslation } from 'react-i18next';
import type { ReportStatus, ReportSummary } from '../../api/desk-types';
import type { Segment } from '../../lib/desk-diff';
import { deskPaths } from '../../lib/desk-routes';
import { workflowSteps } from '../../lib/desk-status';
import { formatDateTime } from '../../lib/format';
import { Link } from '../../lib/router';

/** A report's status as a coloured chip with its name in words. */
export function StatusChip({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`desk-status desk-status-${status}`} data-testid="report-status" data-status={status}>
      {t(`desk.status.${status}`)}
    </span>
  );
}

/** new → triaged → routed → closed, the current step marked. */
export function Workflow({ status, routed }: { status: ReportStatus; routed: boolean }) {
  const { t } = useTranslation();
  return (
    <ol className="desk-workflow" aria-label={t('desk.report.workflow')} data-testid="workflow">
      {workflowSteps(status, routed).map((s) => (
        <li key={s.status} className={`desk-step desk-step-${s.state}`} aria-current={s.state === 'current' ? 'step' : undefined}>
          {t(`desk.status.${s.status}`)}
        </li>
      ))}
    </ol>
  );
}

/** Reports as a list: number, type, title (link), organization, status, dates. */
export function ReportList({ items, showOrg }: { items: ReportSummary[]; showOrg: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="items" data-testid="report-list">
      {items.map((r) => (
        <li key={r.id} className="item" data-testid="report-item">
          <div className="item-head">
            <StatusChip status={r.status} />
            <span className="type-badge">{t(`desk.type.${r.type}`)}</span>
            <span className="muted small">#{r.number}</span>
          </div>
          <Link to={deskPaths.report(r.id)} className="item-title" data-testid="report-link">
            {r.title}
          </Link>
          <div className="item-meta">
            {showOrg && <span>{r.organization.name}</span>}
            {r.sector && <span>{t(`sector.${r.sector}`, { defaultValue: r.sector })}</span>}
            <span>{r.assignee ? t('desk.queue.assignedTo', { email: r.assignee }) : t('desk.queue.unassigned')}</span>
            <span className="item-provider">
              <time dateTime={r.updated_at} title={r.updated_at}>
                {formatDateTime(r.updated_at, i18n.language)}
              </time>
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Text pieces with the sanitizer's marks as highlighted spans (always text, never HTML). */
export function Segments({ segments, side }: { segments: Segment[]; side: 'before' | 'after' }) {
  const { t } = useTranslation();
  return (
    <>
      {segments.map((s, i) =>
        s.mark ? (
          <mark
            key={i}
            className={`desk-mark desk-mark-${side}`}
            title={side === 'before' ? `${s.mark.pseudonym} · ${t(`desk.kind.${s.mark.kind}`, { defaultValue: s.mark.kind })}` : t(`desk.kind.${s.mark.kind}`, { defaultValue: s.mark.kind })}
            data-testid={side === 'after' ? 'pseudonym' : 'masked'}
          >
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
