import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { put, seg } from '../../api/client';
import type { ConsentEntry, DeskRecipient, Report } from '../../api/desk-types';
import { ErrorBox } from '../../components/Status';
import type { ConsentChoice } from '../../lib/desk-form';
import { formatDateTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { useAction } from '../../lib/useApi';
import { ConsentSection } from './ConsentSection';

function choicesOf(consent: ConsentEntry[]): Record<string, ConsentChoice> {
  return Object.fromEntries(consent.map((c) => [c.recipient, { on: true, scope: c.scope, attribution: c.attribution }]));
}

/** Who receives what: editable by the reporter until the report is routed; what was routed, with links. */
export function ConsentPanel({ report, recipients, editable, onReport }: { report: Report; recipients: DeskRecipient[]; editable: boolean; onReport: (r: Report) => void }) {
  const { t, i18n } = useTranslation();
  const [choices, setChoices] = useState(() => choicesOf(report.consent));
  const [dirty, setDirty] = useState(false);
  const save = useAction();
  const choiceOf = (r: DeskRecipient): ConsentChoice => {
    const c = choices[r.slug] ?? { on: false, scope: 'technique', attribution: 'none' };
    return r.technique_only ? { ...c, scope: 'technique' } : c;
  };
  const doSave = () =>
    void save.run(async () => {
      const consent = recipients.filter((r) => choiceOf(r).on).map((r) => ({ recipient: r.slug, scope: choiceOf(r).scope, attribution: choiceOf(r).attribution }));
      const answer = await put<{ report: Report }>(`/reports/${seg(report.id)}/consent`, { consent });
      onReport(answer.report);
      setDirty(false);
    });
  const nameOf = (slug: string) => recipients.find((r) => r.slug === slug)?.name ?? slug;

  return (
    <div className="desk-consent-panel" data-testid="consent-panel">
      {editable ? (
        <>
          <ConsentSection
            recipients={recipients}
            choiceOf={choiceOf}
            onChange={(slug, change) => {
              setChoices((c) => ({ ...c, [slug]: { ...(c[slug] ?? { on: false, scope: 'technique', attribution: 'none' }), ...change } }));
              setDirty(true);
            }}
          />
          <ErrorBox error={save.error} />
          {dirty && (
            <button type="button" className="btn btn-primary" onClick={doSave} disabled={save.busy} data-testid="consent-save">
              {t('desk.consent.save')}
            </button>
          )}
        </>
      ) : (
        <section className="card" aria-labelledby="desk-consent-view">
          <h2 id="desk-consent-view">{t('desk.consent.title')}</h2>
          {report.consent.length === 0 && <p className="muted">{t('desk.consent.noneChosen')}</p>}
          <ul className="desk-consent-list">
            {report.consent.map((c) => (
              <li key={c.recipient} data-testid="consent-entry">
                <strong>{nameOf(c.recipient)}</strong> <span className="chip">{t(`desk.consent.scope_${c.scope}`)}</span> <span className="chip">{t(`desk.consent.attribution_${c.attribution}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.routed.length > 0 && (
        <section className="card" aria-labelledby="desk-routed" data-testid="routed-list">
          <h2 id="desk-routed">{t('desk.report.routed')}</h2>
          <ul className="desk-consent-list">
            {report.routed.map((r) => (
              <li key={r.recipient}>
                <strong>{nameOf(r.recipient)}</strong> <span className="muted">{formatDateTime(r.at, i18n.language)}</span>
                <ul className="desk-objects">
                  {r.objects.map((id) => (
                    <li key={id}>
                      <span className="type-badge">{t(`stixType.${id.split('--')[0]}`, { defaultValue: id.split('--')[0] })}</span>{' '}
                      <Link to={`/objects/${encodeURIComponent(id)}`} className="mono desk-wrap small" data-testid="routed-object">
                        {id}
                      </Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
