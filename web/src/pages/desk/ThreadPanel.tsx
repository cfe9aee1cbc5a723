import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, seg } from '../../api/client';
import type { ActivityEntry, Message } from '../../api/desk-types';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { formatDateTime } from '../../lib/format';
import { useAction, useApi } from '../../lib/useApi';

/** The conversation between the reporter and the desk, oldest first. */
export function ThreadPanel({ reportId, onPosted }: { reportId: string; onPosted: () => void }) {
  const { t, i18n } = useTranslation();
  const messages = useApi<{ messages: Message[] }>(`/reports/${seg(reportId)}/messages`);
  const [body, setBody] = useState('');
  const send = useAction();
  const doSend = () =>
    void send.run(async () => {
      await post(`/reports/${seg(reportId)}/messages`, { body });
      setBody('');
      messages.reload();
      onPosted();
    });
  return (
    <section className="card" aria-labelledby="desk-thread" data-testid="thread">
      <h2 id="desk-thread">{t('desk.thread.title')}</h2>
      <ErrorBox error={messages.error} />
      {messages.loading && !messages.data && <Loading />}
      {messages.data && messages.data.messages.length === 0 && <p className="muted">{t('desk.thread.none')}</p>}
      <ol className="desk-thread">
        {messages.data?.messages.map((m) => (
          <li key={m.id} className={`desk-message desk-message-${m.author.side}`} data-testid="message">
            <p className="desk-message-head">
              <strong>{m.author.side === 'desk' ? t('desk.thread.desk') : t('desk.thread.reporter')}</strong> <span className="muted break">{m.author.email}</span>{' '}
              <time className="muted small" dateTime={m.created_at}>
                {formatDateTime(m.created_at, i18n.language)}
              </time>
            </p>
            <p className="prewrap desk-wrap">{m.body}</p>
          </li>
        ))}
      </ol>
      <div className="field">
        <label htmlFor="desk-message-body">{t('desk.thread.write')}</label>
        <textarea id="desk-message-body" rows={3} maxLength={20000} value={body} onChange={(e) => setBody(e.target.value)} data-testid="message-body" />
      </div>
      <ErrorBox error={send.error} />
      <button type="button" className="btn" onClick={doSend} disabled={send.busy || body.trim() === ''} data-testid="message-send">
        {t('desk.thread.send')}
      </button>
    </section>
  );
}

/** A value of an activity entry's details as one line of text (objects as compact JSON). */
function valueText(v: unknown): string {
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // a routing entry names its recipient; say that rather than the whole object
    if (typeof o.recipient === 'string') return o.recipient;
    return JSON.stringify(v);
  }
  return String(v);
}

function detailsText(d: Record<string, unknown> | null): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${valueText(v)}`)
    .join(' · ');
}

/** Who did what, when: the report's history. */
export function ActivityPanel({ reportId }: { reportId: string }) {
  const { t, i18n } = useTranslation();
  const activity = useApi<{ entries: ActivityEntry[] }>(`/reports/${seg(reportId)}/activity`);
  return (
    <section className="card" aria-labelledby="desk-activity" data-testid="activity">
      <h2 id="desk-activity">{t('desk.activity.title')}</h2>
      <ErrorBox error={activity.error} />
      {activity.loading && !activity.data && <Loading />}
      {activity.data && activity.data.entries.length === 0 && <Empty title={t('desk.activity.none')} />}
      <ol className="desk-activity">
        {activity.data?.entries.map((e, i) => (
          <li key={i} data-testid="activity-entry" data-action={e.action}>
            <time className="muted small" dateTime={e.at}>
              {formatDateTime(e.at, i18n.language)}
            </time>
            <span>
              <strong>{t(`desk.action.${e.action}`, { defaultValue: e.action })}</strong> <span className="muted break">{e.actor.email}</span>
            </span>
            {e.details && Object.keys(e.details).length > 0 && <span className="small muted break">{detailsText(e.details)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
