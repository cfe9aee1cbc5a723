import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { put } from '../../api/client';
import { Field } from '../../components/Fields';
import { ErrorBox, Loading, Notice } from '../../components/Status';
import { splitList } from '../../lib/desk-form';
import { deskPaths } from '../../lib/desk-routes';
import { Link, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useAction, useApi } from '../../lib/useApi';

interface Profile {
  names: string[];
  products: string[];
  domains: string[];
  people: string[];
}

const KEYS = ['names', 'products', 'domains', 'people'] as const;

/**
 * What the sanitizer always masks in this organization's reports besides its name: other names,
 * product names, domains and the names of staff. Members read it; org-admins (and operators) edit it.
 */
export function ProfilePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  useTitle(t('desk.profile.title'));
  const loaded = useApi<Profile>('/reports/profile');
  const [text, setText] = useState<Record<(typeof KEYS)[number], string> | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const canEdit = me.role === 'org-admin' || me.role === 'operator';
  useEffect(() => {
    if (loaded.data) setText(Object.fromEntries(KEYS.map((k) => [k, (loaded.data![k] ?? []).join('\n')])) as Record<(typeof KEYS)[number], string>);
  }, [loaded.data]);

  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data || !text) return <ErrorBox error={loaded.error} />;
  const doSave = () =>
    void save.run(async () => {
      await put('/reports/profile', Object.fromEntries(KEYS.map((k) => [k, splitList(text[k])])));
      setSaved(true);
      loaded.reload();
    });

  return (
    <div className="page page-desk-profile">
      <p className="desk-back">
        <Link to={deskPaths.desk}>{t('desk.home.back')}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('desk.profile.title')}</h1>
          <p className="muted">{t('desk.profile.lead', { org: me.organization.name })}</p>
        </div>
      </div>
      <form className="card form-section desk-profile" onSubmit={(e) => e.preventDefault()} data-testid="profile-form">
        {KEYS.map((k) => (
          <Field key={k} label={t(`desk.profile.${k}`)} hint={t(`desk.profile.${k}Hint`)}>
            {(id) => (
              <textarea
                id={id}
                rows={3}
                value={text[k]}
                readOnly={!canEdit}
                onChange={(e) => {
                  setText({ ...text, [k]: e.target.value });
                  setSaved(false);
                }}
                data-testid={`profile-${k}`}
              />
            )}
          </Field>
        ))}
        <ErrorBox error={save.error} />
        {saved && <Notice>{t('desk.profile.saved')}</Notice>}
        {canEdit ? (
          <button type="button" className="btn btn-primary" onClick={doSave} disabled={save.busy} data-testid="profile-save">
            {t('desk.profile.save')}
          </button>
        ) : (
          <p className="hint">{t('desk.profile.readOnly')}</p>
        )}
      </form>
    </div>
  );
}
