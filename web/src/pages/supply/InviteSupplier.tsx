import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { SupplyRequest } from '../../api/posture-types';
import { Field } from '../../components/Fields';
import { ErrorBox, Notice } from '../../components/Status';
import { useAction } from '../../lib/useApi';

export const SUPPLY_LEVELS = ['level-3', 'level-4'] as const;

/** A date `days` from today as YYYY-MM-DD (UTC), the default due date. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The buyer invites a supplier (by email, through the hub) to answer at a level by a date. */
export function InviteSupplier({ onInvited }: { onInvited: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [level, setLevel] = useState<string>('level-3');
  const [due, setDue] = useState(inDays(30));
  const [tier, setTier] = useState('1');
  const [relationship, setRelationship] = useState('');
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(null);
    void run(async () => {
      const body = {
        supplier_email: email.trim(),
        level,
        due_date: due,
        tier: Number(tier),
        ...(relationship.trim() ? { relationship: relationship.trim() } : {}),
        ...(message.trim() ? { message: message.trim() } : {}),
      };
      const r = await post<SupplyRequest>('/supply/requests', body);
      setSent(r.supplier_email);
      setEmail('');
      setMessage('');
      onInvited();
    });
  };

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('supply.inviteTitle')}</h2>
      <p className="muted">{t('supply.inviteLead')}</p>
      <form className="form" onSubmit={submit} data-testid="supply-invite-form">
        <div className="form-grid">
          <Field label={t('supply.supplierEmail')}>
            {(id) => <input id={id} type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} data-testid="supply-invite-email" />}
          </Field>
          <Field label={t('supply.levelRequested')}>
            {(id) => (
              <select id={id} value={level} onChange={(e) => setLevel(e.target.value)} data-testid="supply-invite-level">
                {SUPPLY_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`supply.levelLong.${l}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('supply.dueDate')}>
            {(id) => <input id={id} type="date" required value={due} onChange={(e) => setDue(e.target.value)} data-testid="supply-invite-due" />}
          </Field>
          <Field label={t('supply.tier')} hint={t('supply.tierHint')}>
            {(id) => (
              <select id={id} value={tier} onChange={(e) => setTier(e.target.value)} data-testid="supply-invite-tier">
                {['1', '2', '3'].map((n) => (
                  <option key={n} value={n}>
                    {t('supply.tierN', { n })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('supply.relationship')} hint={t('supply.relationshipHint')}>
            {(id) => <input id={id} type="text" maxLength={40} value={relationship} onChange={(e) => setRelationship(e.target.value)} data-testid="supply-invite-relationship" />}
          </Field>
        </div>
        <Field label={t('supply.message')}>
          {(id) => <textarea id={id} rows={3} maxLength={2000} value={message} onChange={(e) => setMessage(e.target.value)} data-testid="supply-invite-message" />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !email.trim()} data-testid="supply-invite-submit">
            {t('supply.invite')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {sent && <Notice>{t('supply.invited', { email: sent })}</Notice>}
    </section>
  );
}
