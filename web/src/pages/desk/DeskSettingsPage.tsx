import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, put, seg } from '../../api/client';
import { ErrorBox, Loading, Notice } from '../../components/Status';
import { deskPaths } from '../../lib/desk-routes';
import { formatDate } from '../../lib/format';
import { Link, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useAction, useApi } from '../../lib/useApi';
import { RecipientsSettings } from './RecipientsSettings';

interface StaffEntry {
  email: string;
  organization: string;
  granted_at: string;
  granted_by: string | null;
}

/** Who is desk staff: granted and revoked by operators (each change is audited by the hub). */
function StaffSettings() {
  const { t, i18n } = useTranslation();
  const staff = useApi<{ staff: StaffEntry[] }>('/desk/staff');
  const [email, setEmail] = useState('');
  const action = useAction();
  const grant = () =>
    void action.run(async () => {
      await put(`/desk/staff/${seg(email.trim())}`);
      setEmail('');
      staff.reload();
    });
  const revoke = (e: string) =>
    void action.run(async () => {
      await del(`/desk/staff/${seg(e)}`);
      staff.reload();
    });
  return (
    <section className="card" aria-labelledby="desk-staff-settings" data-testid="staff-settings">
      <h2 id="desk-staff-settings">{t('desk.settings.staff')}</h2>
      <p className="hint">{t('desk.settings.staffHint')}</p>
      <ErrorBox error={staff.error ?? action.error} />
      {staff.loading && !staff.data && <Loading />}
      {staff.data && (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('desk.settings.email')}</th>
                <th scope="col">{t('desk.report.organization')}</th>
                <th scope="col">{t('desk.settings.granted')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {staff.data.staff.map((s) => (
                <tr key={s.email} data-testid="staff-row">
                  <td className="desk-wrap">{s.email}</td>
                  <td>{s.organization}</td>
                  <td>{formatDate(s.granted_at, i18n.language)}</td>
                  <td>
                    <button type="button" className="btn btn-small btn-quiet" onClick={() => revoke(s.email)} disabled={action.busy}>
                      {t('desk.settings.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="inline-add desk-assign">
        <input type="email" aria-label={t('desk.settings.email')} value={email} onChange={(e) => setEmail(e.target.value)} placeholder="desk@example.jp" data-testid="staff-email" />
        <button type="button" className="btn btn-small" onClick={grant} disabled={action.busy || email.trim() === ''} data-testid="staff-grant">
          {t('desk.settings.grant')}
        </button>
      </div>
    </section>
  );
}

type Rules = Record<string, string[] | boolean>;

/** The sanitizer's hub-wide rules: every list one entry per line, every switch a checkbox, sent back whole. */
function RulesSettings() {
  const { t } = useTranslation();
  const loaded = useApi<{ rules: Rules }>('/desk/sanitizer-rules');
  const [rules, setRules] = useState<Record<string, string | boolean> | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    if (loaded.data) setRules(Object.fromEntries(Object.entries(loaded.data.rules).map(([k, v]) => [k, Array.isArray(v) ? v.join('\n') : v])));
  }, [loaded.data]);
  const save = () =>
    void action.run(async () => {
      if (!rules) return;
      await put('/desk/sanitizer-rules', Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, typeof v === 'boolean' ? v : splitLines(v)])));
      setSaved(true);
      loaded.reload();
    });
  return (
    <section className="card form-section" aria-labelledby="desk-rules" data-testid="rules-settings">
      <h2 id="desk-rules">{t('desk.settings.rules')}</h2>
      <p className="hint">{t('desk.settings.rulesHint')}</p>
      <ErrorBox error={loaded.error ?? action.error} />
      {!rules && loaded.loading && <Loading />}
      {rules &&
        Object.entries(rules).map(([k, v]) =>
          typeof v === 'boolean' ? (
            <div key={k} className="field">
              <label className="check">
                <input type="checkbox" checked={v} onChange={(e) => setRules({ ...rules, [k]: e.target.checked })} data-testid={`rule-${k}`} />
                <span>{t(`desk.rule.${k}`, { defaultValue: k })}</span>
              </label>
            </div>
          ) : (
            <div key={k} className="field">
              <label htmlFor={`rule-${k}`}>{t(`desk.rule.${k}`, { defaultValue: k })}</label>
              <textarea id={`rule-${k}`} className="mono" rows={4} value={v} onChange={(e) => setRules({ ...rules, [k]: e.target.value })} data-testid={`rule-${k}`} />
            </div>
          ),
        )}
      {saved && <Notice>{t('desk.profile.saved')}</Notice>}
      <button type="button" className="btn btn-primary" onClick={save} disabled={action.busy || !rules} data-testid="rules-save">
        {t('desk.profile.save')}
      </button>
    </section>
  );
}

/** Lines of a textarea, trimmed, blanks dropped (patterns may hold commas, so no other separator). */
function splitLines(text: string): string[] {
  return text.split('\n').map((s) => s.trim()).filter((s) => s !== '');
}

/** Operators: desk staff, recipients and the sanitizer's rules. */
export function DeskSettingsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  useTitle(t('desk.settings.title'));
  return (
    <div className="page page-desk-settings">
      <p className="desk-back">
        <Link to={deskPaths.desk}>{t('desk.home.back')}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('desk.settings.title')}</h1>
          <p className="muted">{t('desk.settings.lead')}</p>
        </div>
      </div>
      {me.role !== 'operator' ? (
        <p className="alert alert-info">{t('desk.settings.operatorsOnly')}</p>
      ) : (
        <div className="stack desk-settings">
          <StaffSettings />
          <RecipientsSettings />
          <RulesSettings />
        </div>
      )}
    </div>
  );
}

