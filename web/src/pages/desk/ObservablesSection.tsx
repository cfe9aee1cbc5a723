import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { IocAnswer } from '../../api/types';
import { Field } from '../../components/Fields';
import { ErrorBox } from '../../components/Status';
import { useAction } from '../../lib/useApi';
import type { SectionProps } from './FormSections';

/**
 * Observables as free text, checked with the portal's IOC parser (POST /api/v1/ioc/parse);
 * ATT&CK technique ids; and the words the sanitizer must mask besides the organization's profile.
 */
export function ObservablesSection({ form, set }: Omit<SectionProps, 'options'>) {
  const { t } = useTranslation();
  const [parsed, setParsed] = useState<{ text: string; answer: IocAnswer } | null>(null);
  const { busy, error, run } = useAction();
  const check = () =>
    void run(async () => {
      const answer = await post<IocAnswer>('/ioc/parse', { text: form.observables });
      setParsed({ text: form.observables, answer });
    });
  const stale = parsed !== null && parsed.text !== form.observables;

  return (
    <section className="card form-section" aria-labelledby="desk-observables">
      <h2 id="desk-observables">{t('desk.form.observablesTitle')}</h2>
      <Field label={t('desk.form.observables')} hint={t('desk.form.observablesHint')}>
        {(id) => (
          <textarea
            id={id}
            className="mono"
            rows={6}
            spellCheck={false}
            value={form.observables}
            onChange={(e) => set({ observables: e.target.value })}
            placeholder={'203.0.113[.]5\nhxxps://bad-example[.]net/x\n44d88612fea8a8f36de82e1278abb02f'}
            data-testid="report-observables"
          />
        )}
      </Field>
      <button type="button" className="btn desk-check" onClick={check} disabled={busy || !form.observables.trim()} data-testid="observables-check">
        {t('desk.form.observablesCheck')}
      </button>
      <ErrorBox error={error} />
      {parsed && (
        <div className={`ioc-result${stale ? ' is-stale' : ''}`} data-testid="observables-result">
          {stale && <p className="hint">{t('desk.form.observablesStale')}</p>}
          <p>
            <strong>{t('desk.form.observablesFound', { count: parsed.answer.items.length })}</strong>
          </p>
          <ul className="desk-observables">
            {parsed.answer.items.map((it, i) => (
              <li key={i} data-testid="observable-item">
                <span className="type-badge">{it.type}</span> <span className="mono break">{it.value}</span>
                {it.note === 'private' && <span className="chip chip-warn">{t('desk.form.observablePrivate')}</span>}
              </li>
            ))}
          </ul>
          {parsed.answer.ignored.length > 0 && <p className="hint">{t('desk.form.observablesIgnored', { count: parsed.answer.ignored.length })}</p>}
        </div>
      )}
      <Field label={t('desk.form.techniques')} hint={t('desk.form.techniquesHint')}>
        {(id) => <input id={id} type="text" className="mono" value={form.techniques} onChange={(e) => set({ techniques: e.target.value })} placeholder="T1486, T1190" data-testid="report-techniques" />}
      </Field>
      <Field label={t('desk.form.identifyingTerms')} hint={t('desk.form.identifyingHint')}>
        {(id) => <textarea id={id} rows={3} value={form.identifyingTerms} onChange={(e) => set({ identifyingTerms: e.target.value })} data-testid="identifying-terms" />}
      </Field>
    </section>
  );
}
