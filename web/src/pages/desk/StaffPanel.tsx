import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, seg } from '../../api/client';
import type { Report, RouteAnswer, RoutePreview } from '../../api/desk-types';
import { TlpLabel } from '../../components/TlpLabel';
import { ErrorBox } from '../../components/Status';
import { useSession } from '../../lib/session';
import { useAction } from '../../lib/useApi';

function objectLabel(o: Record<string, unknown> & { type: string; id: string }): string {
  for (const k of ['name', 'value', 'pattern']) if (typeof o[k] === 'string') return o[k];
  return o.id;
}

/** Desk staff's controls: triage, assign, see what each recipient would receive, route, close, reopen. */
export function StaffPanel({ report, onReport }: { report: Report; onReport: (r: Report) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const action = useAction();
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState(report.assignee ?? '');
  const [resolution, setResolution] = useState('');
  const [preview, setPreview] = useState<RoutePreview | null>(null);
  const [result, setResult] = useState<RouteAnswer['routed'] | null>(null);
  const base = `/reports/${seg(report.id)}`;
  const act = (path: string, body: unknown) =>
    void action.run(async () => {
      const answer = await post<{ report: Report }>(`${base}${path}`, body);
      onReport(answer.report);
    });
  const loadPreview = () =>
    void action.run(async () => {
      setPreview(await get<RoutePreview>(`${base}/route/preview`));
    });
  const route = () =>
    void action.run(async () => {
      const answer = await post<RouteAnswer>(`${base}/route`, {});
      setResult(answer.routed);
      onReport(answer.report);
    });

  return (
    <section className="card desk-staff" aria-labelledby="desk-staff" data-testid="staff-panel">
      <h2 id="desk-staff">{t('desk.staff.title')}</h2>
      <ErrorBox error={action.error} />
      {report.can.triage && report.status === 'new' && (
        <div className="subsection">
          <label htmlFor="desk-triage-note">{t('desk.staff.triageNote')}</label>
          <textarea id="desk-triage-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="triage-note" />
          <button type="button" className="btn btn-primary" onClick={() => act('/triage', note.trim() ? { note } : {})} disabled={action.busy} data-testid="triage-submit">
            {t('desk.staff.triage')}
          </button>
        </div>
      )}
      {report.can.assign && (
        <div className="subsection">
          <label htmlFor="desk-assignee">{t('desk.staff.assignee')}</label>
          <div className="inline-add desk-assign">
            <input id="desk-assignee" type="email" value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="assign-input" />
            <button type="button" className="btn btn-small" onClick={() => act('/assign', { assignee: assignee.trim() || null })} disabled={action.busy} data-testid="assign-submit">
              {t('desk.staff.assign')}
            </button>
            <button
              type="button"
              className="btn btn-small btn-quiet"
              onClick={() => {
                setAssignee(me.email);
                act('/assign', { assignee: me.email });
              }}
              disabled={action.busy}
              data-testid="assign-me"
            >
              {t('desk.staff.assignMe')}
            </button>
          </div>
        </div>
      )}
      {report.can.route && (
        <div className="subsection" data-testid="route-section">
          <h3>{t('desk.staff.routing')}</h3>
          <button type="button" className="btn" onClick={loadPreview} disabled={action.busy} data-testid="route-preview">
            {t('desk.staff.routePreview')}
          </button>
          {preview && (
            <ul className="desk-route-list">
              {preview.recipients.map((r) => (
                <li key={r.recipient} className="desk-route" data-testid="route-recipient" data-ready={r.ready ? 'yes' : 'no'}>
                  <p>
                    <strong>{r.name}</strong> <TlpLabel tlp={r.tlp} /> <span className="chip">{t(`desk.consent.scope_${r.scope}`)}</span>{' '}
                    <span className="chip">{t(`desk.consent.attribution_${r.attribution}`)}</span>
                  </p>
                  {r.blocked && <p className="hint-error">{r.blocked_code ? t(`desk.blocked.${r.blocked_code}`, { defaultValue: r.blocked }) : r.blocked}</p>}
                  <details>
                    <summary>{t('desk.staff.objects', { count: r.objects.length })}</summary>
                    <ul className="desk-objects">
                      {r.objects.map((o) => (
                        <li key={o.id}>
                          <span className="type-badge">{o.type}</span> <span className="desk-wrap">{objectLabel(o)}</span>
                        </li>
                      ))}
                    </ul>
                  </details>
                </li>
              ))}
            </ul>
          )}
          {preview && (
            <button type="button" className="btn btn-primary" onClick={route} disabled={action.busy || !preview.recipients.some((r) => r.ready)} data-testid="route-submit">
              {t('desk.staff.route')}
            </button>
          )}
        </div>
      )}
      {result && (
        <div className="alert alert-success" role="status" data-testid="route-result">
          <ul>
            {result.map((r) => (
              <li key={r.recipient}>
                {t('desk.staff.routedTo', { recipient: r.recipient, stored: r.stored.length })}
                {r.refused.length > 0 && <span className="hint-error"> {t('desk.staff.refused', { count: r.refused.length })}: {r.refused.map((x) => x.reason).join('; ')}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report.can.close && (
        <div className="subsection">
          <label htmlFor="desk-resolution">{t('desk.staff.resolution')}</label>
          <textarea id="desk-resolution" rows={2} value={resolution} onChange={(e) => setResolution(e.target.value)} data-testid="close-resolution" />
          <button type="button" className="btn" onClick={() => act('/close', { resolution })} disabled={action.busy || resolution.trim() === ''} data-testid="close-submit">
            {t('desk.staff.close')}
          </button>
        </div>
      )}
      {report.can.reopen && (
        <button type="button" className="btn btn-quiet" onClick={() => act('/reopen', {})} disabled={action.busy} data-testid="reopen-submit">
          {t('desk.staff.reopen')}
        </button>
      )}
    </section>
  );
}
