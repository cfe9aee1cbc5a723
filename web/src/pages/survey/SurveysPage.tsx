import { useTranslation } from 'react-i18next';
import { post, seg } from '../../api/client';
import type { Survey } from '../../api/posture-types';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { pick } from '../../lib/posture-questions';
import { posturePaths } from '../../lib/posture-routes';
import { Link, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useAction, useApi } from '../../lib/useApi';
import { CreateSurvey } from './CreateSurvey';

/** Surveys: operators create, send and close them; members see those sent to their organization. */
export function SurveysPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { me } = useSession();
  const operator = me.role === 'operator';
  useTitle(t('survey.title'));
  const list = useApi<{ surveys: Survey[] }>('/surveys');
  const { busy, error, run } = useAction();
  const act = (s: Survey, what: 'send' | 'close') => {
    if (!window.confirm(what === 'send' ? t('survey.confirmSend') : t('survey.confirmClose'))) return;
    void run(async () => {
      await post(`/surveys/${seg(s.id)}/${what}`);
      list.reload();
    });
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('survey.title')}</h1>
          <p className="muted">{operator ? t('survey.leadOperator') : t('survey.leadMember')}</p>
        </div>
      </div>
      <ErrorBox error={error} />
      <section className="card" aria-labelledby="surveys-title">
        <h2 id="surveys-title">{t('survey.listTitle')}</h2>
        <ErrorBox error={list.error} />
        {list.loading && !list.data && <Loading />}
        {list.data &&
          (list.data.surveys.length === 0 ? (
            <Empty title={t('survey.none')} />
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="survey-list">
                <thead>
                  <tr>
                    <th scope="col">{t('survey.surveyTitle')}</th>
                    <th scope="col">{t('survey.status')}</th>
                    <th scope="col">{t('survey.closesOn')}</th>
                    <th scope="col">{operator ? t('survey.responses') : t('survey.ourResponse')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.surveys.map((s) => (
                    <tr key={s.id} data-testid="survey-row">
                      <td className="col-name">
                        <Link to={posturePaths.survey(s.id)}>{pick(s.title, lang)}</Link>
                        <div className="muted small">{pick(s.questionnaire.title, lang)}</div>
                      </td>
                      <td>
                        <span className={`chip chip-survey-${s.status}`}>{t(`survey.statuses.${s.status}`, { defaultValue: s.status })}</span>
                      </td>
                      <td>{formatDate(s.closes_on, lang)}</td>
                      <td className="num">
                        {operator
                          ? s.status === 'draft'
                            ? '—'
                            : `${s.responses} / ${s.targets}`
                          : t(`survey.responseStatus.${s.response?.status ?? 'none'}`, { defaultValue: s.response?.status ?? '—' })}
                      </td>
                      <td className="actions">
                        {operator && s.status === 'draft' && (
                          <button type="button" className="btn btn-small btn-primary" onClick={() => act(s, 'send')} disabled={busy} data-testid="survey-send">
                            {t('survey.send')}
                          </button>
                        )}
                        {operator && s.status === 'open' && (
                          <button type="button" className="btn btn-small" onClick={() => act(s, 'close')} disabled={busy} data-testid="survey-close">
                            {t('survey.close')}
                          </button>
                        )}
                        <Link to={posturePaths.survey(s.id)} className="btn btn-small btn-quiet">
                          {t('survey.open')}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>
      {operator && <CreateSurvey onCreated={list.reload} />}
    </div>
  );
}
