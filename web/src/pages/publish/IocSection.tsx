import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { IocAnswer } from '../../api/types';
import { ErrorBox } from '../../components/Status';
import { useAction } from '../../lib/useApi';

/** Free-text IOCs, and what the hub recognises in them (POST /api/v1/ioc/parse), defanged forms included. */
export function IocSection({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const [parsed, setParsed] = useState<{ text: string; answer: IocAnswer } | null>(null);
  const { busy, error, run } = useAction();
  const check = () =>
    void run(async () => {
      const answer = await post<IocAnswer>('/ioc/parse', { text: value });
      setParsed({ text: value, answer });
    });
  const stale = parsed !== null && parsed.text !== value;

  return (
    <section className="card form-section" aria-labelledby="pub-iocs">
      <h2 id="pub-iocs">{t('publish.iocsTitle')}</h2>
      <div className="field">
        <label htmlFor="publish-iocs">{t('publish.iocs')}</label>
        <textarea
          id="publish-iocs"
          className="mono"
          rows={8}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={'hxxp://malicious[.]example/payload\n198.51.100[.]7\n44d88612fea8a8f36de82e1278abb02f'}
          spellCheck={false}
          data-testid="publish-iocs"
        />
        <p className="hint">{t('publish.iocsHint')}</p>
      </div>
      <button type="button" className="btn" onClick={check} disabled={busy || !value.trim()} data-testid="ioc-check">
        {t('publish.iocsCheck')}
      </button>
      <ErrorBox error={error} />
      {parsed && (
        <div className={`ioc-result${stale ? ' is-stale' : ''}`} data-testid="ioc-result">
          {stale && <p className="hint">{t('publish.iocsStale')}</p>}
          <p>
            <strong>{t('publish.iocsRecognised', { count: parsed.answer.items.length })}</strong>
          </p>
          {parsed.answer.items.length > 0 && (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('publish.iocLine')}</th>
                    <th scope="col">{t('publish.iocType')}</th>
                    <th scope="col">{t('publish.iocValue')}</th>
                    <th scope="col">{t('publish.iocOriginal')}</th>
                  </tr>
                </thead>
                <tbody>
                  {parsed.answer.items.map((it, i) => (
                    <tr key={i} data-testid="ioc-item">
                      <td>{it.line}</td>
                      <td>
                        <span className="type-badge">{it.type}</span>
                      </td>
                      <td className="mono break">
                        {it.value}
                        {it.note === 'private' && <span className="chip chip-warn">{t('publish.iocPrivate')}</span>}
                      </td>
                      <td className="mono break muted">
                        {it.original !== it.value ? (
                          <>
                            {it.original} <span className="chip">{t('publish.refanged')}</span>
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {parsed.answer.ignored.length > 0 && (
            <details className="ignored">
              <summary>{t('publish.iocsIgnored', { count: parsed.answer.ignored.length })}</summary>
              <ul>
                {parsed.answer.ignored.map((ig, i) => (
                  <li key={i}>
                    <span className="muted">{t('publish.iocLine')} {ig.line}:</span> <span className="mono">{ig.text}</span> — {ig.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
