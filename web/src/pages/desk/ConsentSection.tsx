import { useTranslation } from 'react-i18next';
import type { ConsentScope, DeskAttribution, DeskRecipient } from '../../api/desk-types';
import type { ConsentChoice } from '../../lib/desk-form';

/**
 * Per recipient: whether it receives the report at all, what it receives (attack technique
 * only, or the damage information too) and whether it learns who reported.
 */
export function ConsentSection({
  recipients,
  choiceOf,
  onChange,
  disabled,
}: {
  recipients: DeskRecipient[];
  choiceOf: (r: DeskRecipient) => ConsentChoice;
  onChange: (slug: string, change: Partial<ConsentChoice>) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <section className="card form-section" aria-labelledby="desk-consent" data-testid="recipients">
      <h2 id="desk-consent">{t('desk.consent.title')}</h2>
      <p className="hint">{t('desk.consent.lead')}</p>
      {recipients.length === 0 && <p className="muted">{t('desk.consent.none')}</p>}
      {recipients.map((r) => {
        const c = choiceOf(r);
        return (
          <fieldset key={r.slug} className={`fieldset desk-recipient${c.on ? ' is-on' : ''}`} data-testid={`recipient-${r.slug}`} disabled={disabled}>
            <legend>
              <label className="check">
                <input type="checkbox" checked={c.on} onChange={(e) => onChange(r.slug, { on: e.target.checked })} data-testid="consent-on" />
                <span>
                  <strong>{r.name}</strong> <span className="chip">{t(`desk.recipientKind.${r.kind}`, { defaultValue: r.kind })}</span>
                </span>
              </label>
            </legend>
            {r.description && <p className="hint">{r.description}</p>}
            {c.on && (
              <div className="desk-consent-choices">
                <div className="desk-choice" role="radiogroup" aria-label={t('desk.consent.scope')} data-testid="consent-scope">
                  <span className="desk-choice-label">{t('desk.consent.scope')}</span>
                  {(['technique', 'damage'] as ConsentScope[]).map((s) => (
                    <label key={s} className="check">
                      <input type="radio" name={`scope-${r.slug}`} value={s} checked={c.scope === s} disabled={s === 'damage' && r.technique_only} onChange={() => onChange(r.slug, { scope: s })} />
                      <span>{t(`desk.consent.scope_${s}`)}</span>
                    </label>
                  ))}
                  {r.technique_only && <p className="hint">{t('desk.consent.techniqueOnly')}</p>}
                </div>
                <div className="desk-choice" role="radiogroup" aria-label={t('desk.consent.attribution')} data-testid="consent-attribution">
                  <span className="desk-choice-label">{t('desk.consent.attribution')}</span>
                  {(['none', 'operators', 'public'] as DeskAttribution[]).map((a) => (
                    <label key={a} className="check">
                      <input type="radio" name={`attr-${r.slug}`} value={a} checked={c.attribution === a} onChange={() => onChange(r.slug, { attribution: a })} />
                      <span>{t(`desk.consent.attribution_${a}`)}</span>
                    </label>
                  ))}
                </div>
              </div>
            )}
          </fieldset>
        );
      })}
    </section>
  );
}
