import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { put } from '../../api/client';
import { BODY_KINDS, CONTACT_PURPOSES, ORG_SIZES, type Body, type Contact, type Profile } from '../../api/posture-types';
import { Field } from '../../components/Fields';
import { ErrorBox } from '../../components/Status';
import { formatDate, formatDateTime } from '../../lib/format';
import { emptyBody, emptyContact, profileBody } from '../../lib/posture-profile';
import { useAction } from '../../lib/useApi';

/** The organization's security roles and bodies: CISO, CSIRT/PSIRT/SOC and committees, contacts. */
export function ProfileSection({ profile: loaded, canEdit, onSaved }: { profile: Profile; canEdit: boolean; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [editing, setEditing] = useState(false);
  // the hub's answer to a save is shown at once, before the overview reloads
  const [profile, setProfile] = useState(loaded);
  useEffect(() => setProfile(loaded), [loaded]);
  return (
    <section className="card" aria-labelledby="profile-title" data-testid="posture-profile">
      <div className="card-head">
        <h2 id="profile-title">{t('posture.profileTitle')}</h2>
        {canEdit && !editing && (
          <button type="button" className="btn btn-small" onClick={() => setEditing(true)} data-testid="profile-edit">
            {t('posture.edit')}
          </button>
        )}
      </div>
      {editing ? (
        <ProfileForm
          profile={profile}
          onDone={(saved) => {
            setEditing(false);
            if (saved) {
              setProfile(saved);
              onSaved();
            }
          }}
        />
      ) : (
        <>
          <dl className="kv">
            <dt>{t('posture.size')}</dt>
            <dd>{profile.size ? t(`posture.sizes.${profile.size}`, { defaultValue: profile.size }) : t('posture.notSet')}</dd>
            <dt>{t('posture.ciso')}</dt>
            <dd data-testid="profile-ciso">
              {profile.ciso ? (
                <>
                  {profile.ciso.name} · {profile.ciso.title}
                  <div className="muted small">
                    {profile.ciso.email}
                    {profile.ciso.phone ? ` · ${profile.ciso.phone}` : ''}
                    {profile.ciso.appointed_on ? ` · ${t('posture.appointedOn', { date: formatDate(profile.ciso.appointed_on, lang) })}` : ''}
                  </div>
                </>
              ) : (
                <span className="chip chip-warn">{t('posture.noCiso')}</span>
              )}
            </dd>
          </dl>
          <h3>{t('posture.bodies')}</h3>
          {profile.bodies.length === 0 ? (
            <p className="muted">{t('posture.noBodies')}</p>
          ) : (
            <ul className="plain-list" data-testid="profile-bodies">
              {profile.bodies.map((b, i) => (
                <li key={i}>
                  <span className="chip chip-info">{t(`posture.bodyKinds.${b.kind}`, { defaultValue: b.kind })}</span> <strong>{b.name}</strong>
                  {(b.email || b.phone) && <span className="muted small"> · {[b.email, b.phone].filter(Boolean).join(' · ')}</span>}
                  {b.notes && <div className="muted small">{b.notes}</div>}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('posture.contacts')}</h3>
          {profile.contacts.length === 0 ? (
            <p className="muted">{t('posture.noContacts')}</p>
          ) : (
            <ul className="plain-list">
              {profile.contacts.map((c, i) => (
                <li key={i}>
                  <span className="chip">{t(`posture.purposes.${c.purpose}`, { defaultValue: c.purpose })}</span> {c.name}{' '}
                  <span className="muted small">
                    {c.email}
                    {c.phone ? ` · ${c.phone}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {profile.updated_at && <p className="hint">{t('posture.updated', { date: formatDateTime(profile.updated_at, lang), who: profile.updated_by ?? '—' })}</p>}
        </>
      )}
    </section>
  );
}

function ProfileForm({ profile, onDone }: { profile: Profile; onDone: (saved: Profile | null) => void }) {
  const { t } = useTranslation();
  const [size, setSize] = useState(profile.size ?? '');
  const [hasCiso, setHasCiso] = useState(!!profile.ciso);
  const [ciso, setCiso] = useState({
    name: profile.ciso?.name ?? '',
    title: profile.ciso?.title ?? '',
    email: profile.ciso?.email ?? '',
    phone: profile.ciso?.phone ?? '',
    appointed_on: profile.ciso?.appointed_on ?? '',
  });
  const [bodies, setBodies] = useState<Body[]>(profile.bodies);
  const [contacts, setContacts] = useState<Contact[]>(profile.contacts);
  const { busy, error, run } = useAction();

  const setBody = (i: number, patch: Partial<Body>) => setBodies(bodies.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const setContact = (i: number, patch: Partial<Contact>) => setContacts(contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      onDone(await put<Profile>('/posture/profile', profileBody({ size, ciso: hasCiso ? ciso : null, bodies, contacts })));
    });
  };

  return (
    <form className="form" onSubmit={save} data-testid="profile-form">
      <Field label={t('posture.size')}>
        {(id) => (
          <select id={id} value={size} onChange={(e) => setSize(e.target.value)} data-testid="profile-size">
            <option value="">{t('posture.notSet')}</option>
            {ORG_SIZES.map((s) => (
              <option key={s} value={s}>
                {t(`posture.sizes.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={hasCiso} onChange={(e) => setHasCiso(e.target.checked)} data-testid="profile-has-ciso" />
        <span>{t('posture.hasCiso')}</span>
      </label>
      {hasCiso && (
        <fieldset className="fieldset">
          <legend>{t('posture.ciso')}</legend>
          <div className="form-grid">
            <Field label={t('posture.name')}>{(id) => <input id={id} required maxLength={200} value={ciso.name} onChange={(e) => setCiso({ ...ciso, name: e.target.value })} data-testid="ciso-name" />}</Field>
            <Field label={t('posture.jobTitle')}>{(id) => <input id={id} required maxLength={200} value={ciso.title} onChange={(e) => setCiso({ ...ciso, title: e.target.value })} data-testid="ciso-title" />}</Field>
            <Field label={t('posture.email')}>{(id) => <input id={id} type="email" required value={ciso.email} onChange={(e) => setCiso({ ...ciso, email: e.target.value })} data-testid="ciso-email" />}</Field>
            <Field label={t('posture.phone')}>{(id) => <input id={id} type="tel" maxLength={40} value={ciso.phone} onChange={(e) => setCiso({ ...ciso, phone: e.target.value })} />}</Field>
            <Field label={t('posture.appointed')}>{(id) => <input id={id} type="date" value={ciso.appointed_on} onChange={(e) => setCiso({ ...ciso, appointed_on: e.target.value })} />}</Field>
          </div>
        </fieldset>
      )}
      <fieldset className="fieldset">
        <legend>{t('posture.bodies')}</legend>
        {bodies.map((b, i) => (
          <div key={i} className="form-grid repeat-row">
            <Field label={t('posture.bodyKind')}>
              {(id) => (
                <select id={id} value={b.kind} onChange={(e) => setBody(i, { kind: e.target.value })}>
                  {BODY_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`posture.bodyKinds.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('posture.name')}>{(id) => <input id={id} required maxLength={200} value={b.name} onChange={(e) => setBody(i, { name: e.target.value })} data-testid="body-name" />}</Field>
            <Field label={t('posture.email')}>{(id) => <input id={id} type="email" value={b.email ?? ''} onChange={(e) => setBody(i, { email: e.target.value })} />}</Field>
            <Field label={t('posture.phone')}>{(id) => <input id={id} type="tel" maxLength={40} value={b.phone ?? ''} onChange={(e) => setBody(i, { phone: e.target.value })} />}</Field>
            <div className="form-actions">
              <button type="button" className="btn btn-small btn-quiet" onClick={() => setBodies(bodies.filter((_, j) => j !== i))}>
                {t('posture.remove')}
              </button>
            </div>
          </div>
        ))}
        <button type="button" className="btn btn-small" onClick={() => setBodies([...bodies, emptyBody()])} disabled={bodies.length >= 20} data-testid="body-add">
          {t('posture.addBody')}
        </button>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('posture.contacts')}</legend>
        {contacts.map((c, i) => (
          <div key={i} className="form-grid repeat-row">
            <Field label={t('posture.purpose')}>
              {(id) => (
                <select id={id} value={c.purpose} onChange={(e) => setContact(i, { purpose: e.target.value })}>
                  {CONTACT_PURPOSES.map((p) => (
                    <option key={p} value={p}>
                      {t(`posture.purposes.${p}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('posture.name')}>{(id) => <input id={id} required maxLength={200} value={c.name} onChange={(e) => setContact(i, { name: e.target.value })} />}</Field>
            <Field label={t('posture.email')}>{(id) => <input id={id} type="email" required value={c.email} onChange={(e) => setContact(i, { email: e.target.value })} />}</Field>
            <Field label={t('posture.phone')}>{(id) => <input id={id} type="tel" maxLength={40} value={c.phone ?? ''} onChange={(e) => setContact(i, { phone: e.target.value })} />}</Field>
            <div className="form-actions">
              <button type="button" className="btn btn-small btn-quiet" onClick={() => setContacts(contacts.filter((_, j) => j !== i))}>
                {t('posture.remove')}
              </button>
            </div>
          </div>
        ))}
        <button type="button" className="btn btn-small" onClick={() => setContacts([...contacts, emptyContact()])} disabled={contacts.length >= 20}>
          {t('posture.addContact')}
        </button>
      </fieldset>
      <ErrorBox error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="profile-save">
          {t('posture.save')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={() => onDone(null)}>
          {t('posture.cancel')}
        </button>
      </div>
    </form>
  );
}
