import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { seg } from '../../api/client';
import type { Report, ReportOptions } from '../../api/desk-types';
import { ErrorBox, Loading } from '../../components/Status';
import { deskPaths } from '../../lib/desk-routes';
import { formatDateTime } from '../../lib/format';
import { Link, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { AttachmentsPanel } from './AttachmentsPanel';
import { CaseStudyPanel } from './CaseStudyPanel';
import { ConsentPanel } from './ConsentPanel';
import { StatusChip, Workflow } from './DeskBits';
import { ReportDetails } from './ReportDetails';
import { SanitizerPanel } from './SanitizerPanel';
import { StaffPanel } from './StaffPanel';
import { ActivityPanel, ThreadPanel } from './ThreadPanel';

/** One report: its status, what was reported, the sanitizer's result, consent, files, the thread and history. */
export function ReportPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const loaded = useApi<{ report: Report }>(`/reports/${seg(id)}`);
  const options = useApi<ReportOptions>('/reports/options');
  const [override, setOverride] = useState<Report | null>(null);
  // panels that show derived state (activity, sanitizer) are remounted after each change
  const [tick, setTick] = useState(0);
  const report = override ?? loaded.data?.report ?? null;
  useTitle(report ? `#${report.number} ${report.title}` : t('desk.nav'));

  if (loaded.loading && !loaded.data) return <Loading />;
  if (!report) return <ErrorBox error={loaded.error} />;
  const staff = options.data?.desk_staff === true;
  const reporterSide = report.organization.slug === me.organization.slug;
  const onReport = (r: Report) => {
    setOverride(r);
    setTick((n) => n + 1);
  };
  const changed = () => setTick((n) => n + 1);

  return (
    <div className="page page-desk-report">
      <p className="desk-back">
        <Link to={staff ? deskPaths.queue : deskPaths.desk}>{staff ? t('desk.queue.back') : t('desk.home.back')}</Link>
      </p>
      <div className="page-head">
        <div>
          <p className="muted">
            #{report.number} · {t(`desk.type.${report.type}`)} · {report.organization.name}
          </p>
          <h1 data-testid="page-title" className="desk-wrap">
            {report.title}
          </h1>
          <p className="muted small">
            {t('desk.report.filed', { who: report.created_by, when: formatDateTime(report.created_at, i18n.language) })}
            {' · '}
            {report.assignee ? t('desk.queue.assignedTo', { email: report.assignee }) : t('desk.queue.unassigned')}
          </p>
        </div>
        <div className="desk-actions">
          {report.can.edit && (
            <Link to={deskPaths.editReport(report.id)} className="btn" data-testid="report-edit">
              {t('desk.report.edit')}
            </Link>
          )}
          <StatusChip status={report.status} />
        </div>
      </div>
      <Workflow status={report.status} routed={report.routed.length > 0} />
      <div className="desk-report-grid">
        <div className="stack">
          <ReportDetails report={report} />
          <SanitizerPanel key={`s${tick}`} report={report} reporterSide={reporterSide} onReport={onReport} />
          <ThreadPanel reportId={report.id} onPosted={changed} />
        </div>
        <div className="stack">
          {staff && <StaffPanel key={`st${report.status}`} report={report} onReport={onReport} />}
          {staff && report.status === 'closed' && (report.can.case_study || report.case_study !== null) && <CaseStudyPanel report={report} onReport={onReport} />}
          <ConsentPanel key={`c${tick}`} report={report} recipients={options.data?.recipients ?? []} editable={reporterSide && (report.status === 'new' || report.status === 'triaged')} onReport={onReport} />
          <AttachmentsPanel key={`a${tick}`} report={report} maxBytes={options.data?.attachment_max_bytes ?? 0} onChanged={changed} />
          <ActivityPanel key={`h${tick}`} reportId={report.id} />
        </div>
      </div>
    </div>
  );
}
