import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, put, seg } from '../../api/client';
import type { DeskRecipient } from '../../api/desk-types';
import type { AdminCommunity, AdminOrganization } from '../../api/types';
import { CheckboxGroup, Field, RadioGroup } from '../../components/Fields';
import { ErrorBox, Loading } from '../../components/Status';
import { TlpLabel } from '../../components/TlpLabel';
import { useAction, useApi } from '../../lib/useApi';

interface RecipientConfig extends DeskRecipient {
  communities: string[];
  organizations: string[];
  tlp: string;
}

const KINDS: DeskRecipient['kind'][] = ['sector-isac', 'isao', 'government', 'police', 'other'];
const EMPTY: RecipientConfig = { slug: '', name: '', kind: 'sector-isac', description: '', communities: [], organizations: [], tlp: 'green', technique_only: false };

/** Named recipients a reporter can consent to, each mapped to communities and organizations with its TLP. */
export function RecipientsSettings() {
  const { t } = useTranslation();
  const list = useApi<{ recipients: RecipientConfig[] }>('/desk/recipients');
  const communities = useApi<{ communities: AdminCommunity[] }>('/admin/communities');
  const organizations = useApi<{ organizations: AdminOrganization[] }>('/admin/organizations');
  const [draft, setDraft] = useState<RecipientConfig>(EMPTY);
  const action = useAction();
  const save = () =>
    void action.run(async () => {
      const { slug, ...body } = draft;
      await put(`/desk/recipients/${seg(slug.trim())}`, body);
      setDraft(EMPTY);
      list.reload();
    });
  const remove = (slug: string) =>
    void action.run(async () => {
      await del(`/desk/recipients/${seg(slug)}`);
      list.reload();
    });
  const set = (c: Partial<RecipientConfig>) => setDraft((d) => ({ ...d, ...c }));

  return (
    <section className="card form-section" aria-labelledby="desk-recipients" data-testid="recipients-settings">
      <h2 id="desk-recipients">{t('desk.settings.recipients')}</h2>
      <p className="hint">{t('desk.settings.recipientsHint')}</p>
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <ul className="desk-route-list">
          {list.data.recipients.map((r) => (
            <li key={r.slug} className="desk-route" data-testid="recipient-row">
              <p>
                <strong>{r.name}</strong> <span className="mono small muted">{r.slug}</span> <span className="chip">{t(`desk.recipientKind.${r.kind}`, { defaultValue: r.kind })}</span>{' '}
                <TlpLabel tlp={r.tlp} /> {r.technique_only && <span className="chip">{t('desk.consent.scope_technique')}</span>}
              </p>
              <p className="small muted desk-wrap">{[...r.communities, ...r.organizations].join(', ')}</p>
              <div className="desk-actions">
                <button type="button" className="btn btn-small" onClick={() => setDraft(r)}>
                  {t('desk.settings.change')}
                </button>
                <button type="button" className="btn btn-small btn-quiet" onClick={() => remove(r.slug)} disabled={action.busy}>
                  {t('desk.files.remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('desk.settings.recipientForm')}</h3>
      <div className="two-col">
        <Field label={t('desk.settings.slug')}>{(id) => <input id={id} type="text" className="mono" value={draft.slug} onChange={(e) => set({ slug: e.target.value })} data-testid="recipient-slug" />}</Field>
        <Field label={t('desk.settings.name')}>{(id) => <input id={id} type="text" value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="recipient-name" />}</Field>
      </div>
      <Field label={t('desk.settings.description')}>{(id) => <input id={id} type="text" value={draft.description} onChange={(e) => set({ description: e.target.value })} />}</Field>
      <RadioGroup legend={t('desk.settings.kind')} name="recipient-kind" options={KINDS.map((k) => ({ value: k, label: t(`desk.recipientKind.${k}`) }))} value={draft.kind} onChange={(k) => set({ kind: k as DeskRecipient['kind'] })} testId="recipient-kind" />
      <CheckboxGroup
        legend={t('desk.caseStudy.communities')}
        options={(communities.data?.communities ?? []).map((c) => ({ value: c.slug, label: c.name }))}
        selected={draft.communities}
        onChange={(c) => set({ communities: c })}
        testId="recipient-communities"
      />
      <CheckboxGroup
        legend={t('desk.settings.organizations')}
        options={(organizations.data?.organizations ?? []).map((o) => ({ value: o.slug, label: o.name }))}
        selected={draft.organizations}
        onChange={(o) => set({ organizations: o })}
        testId="recipient-organizations"
      />
      <RadioGroup legend="TLP" name="recipient-tlp" options={['green', 'amber', 'amber+strict'].map((v) => ({ value: v, label: `TLP:${v.toUpperCase()}` }))} value={draft.tlp} onChange={(tlp) => set({ tlp })} testId="recipient-tlp" />
      <label className="check desk-block">
        <input type="checkbox" checked={draft.technique_only} onChange={(e) => set({ technique_only: e.target.checked })} data-testid="recipient-technique-only" />
        <span>{t('desk.consent.techniqueOnly')}</span>
      </label>
      <ErrorBox error={action.error} />
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={save} disabled={action.busy || draft.slug.trim() === '' || draft.name.trim() === ''} data-testid="recipient-save">
          {t('desk.settings.saveRecipient')}
        </button>
      </div>
    </section>
  );
}
