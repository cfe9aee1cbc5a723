import { useTranslation } from 'react-i18next';
import type { Attribution, Envelope, PublishOptions, Tlp } from '../../api/types';
import { CheckboxGroup, Field, RadioGroup } from '../../components/Fields';
import { TlpLabel } from '../../components/TlpLabel';
import { allowedAudience } from '../../lib/draft';
import { TLP_LEVELS } from '../../lib/tlp';

interface Props {
  envelope: Envelope;
  usersText: string;
  options: PublishOptions;
  onTlp: (tlp: Tlp) => void;
  onChange: (envelope: Envelope) => void;
  onUsersText: (text: string) => void;
}

/** TLP, audience, minimum clearance, conditions and attribution of what is published. */
export function EnvelopeFields({ envelope, usersText, options, onTlp, onChange, onUsersText }: Props) {
  const { t } = useTranslation();
  const ok = allowedAudience(envelope.tlp);
  const a = envelope.audience;
  const setAudience = (patch: Partial<Envelope['audience']>) => onChange({ ...envelope, audience: { ...a, ...patch } });
  const tlps = (options.enums.tlp.length ? options.enums.tlp : TLP_LEVELS) as Tlp[];
  const attributions = options.enums.attribution.length ? options.enums.attribution : ['public', 'operators', 'none'];

  return (
    <section className="card form-section" aria-labelledby="pub-sharing">
      <h2 id="pub-sharing">{t('publish.sharingTitle')}</h2>
      <RadioGroup
        legend={t('publish.tlp')}
        name="tlp"
        value={envelope.tlp}
        onChange={(v) => onTlp(v as Tlp)}
        options={tlps.map((l) => ({ value: l, label: l }))}
        testId="publish-tlp"
        vertical
        render={(o) => (
          <span className="tlp-option">
            <TlpLabel tlp={o.value} />
            <span className="hint">{t(`tlpHelp.${o.value}`, { defaultValue: '' })}</span>
          </span>
        )}
      />

      <div className="audience" data-testid="publish-audience">
        <h3>{t('publish.audience')}</h3>
        <p className="hint">{t(`publish.audienceBound.${envelope.tlp}`)}</p>
        <label className="check">
          <input
            type="checkbox"
            checked={a.public}
            disabled={!ok.has('public')}
            onChange={(e) => setAudience({ public: e.target.checked })}
            data-testid="audience-public"
          />
          <span>{t('publish.public')}</span>
        </label>
        <CheckboxGroup
          legend={t('publish.communities')}
          options={options.communities.map((c) => ({ value: c.slug, label: c.name }))}
          selected={a.communities}
          onChange={(v) => setAudience({ communities: v })}
          disabled={!ok.has('communities')}
          testId="audience-communities"
          hint={options.communities.length === 0 ? t('publish.noCommunities') : undefined}
        />
        <CheckboxGroup
          legend={t('publish.organizations')}
          options={options.organizations.map((o) => ({ value: o.slug, label: o.name }))}
          selected={a.organizations}
          onChange={(v) => setAudience({ organizations: v })}
          disabled={!ok.has('organizations')}
          testId="audience-organizations"
        />
        <Field label={t('publish.users')} hint={t('publish.usersHint')}>
          {(id) => (
            <textarea id={id} rows={2} value={usersText} onChange={(e) => onUsersText(e.target.value)} data-testid="audience-users" spellCheck={false} />
          )}
        </Field>
      </div>

      <div className="form-row">
        <Field label={t('publish.minClearance')} hint={t('publish.minClearanceHint')}>
          {(id) => (
            <select
              id={id}
              value={envelope.min_clearance}
              onChange={(e) => onChange({ ...envelope, min_clearance: Number(e.target.value) })}
              data-testid="publish-clearance"
            >
              <option value={0}>{t('publish.clearanceNone')}</option>
              {[1, 2, 3].map((l) => (
                <option key={l} value={l}>
                  {t('publish.clearanceLevel', { level: l })}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <CheckboxGroup
        legend={t('publish.terms')}
        options={options.terms.map((x) => ({ value: x.slug, label: x.title }))}
        selected={envelope.conditions.terms}
        onChange={(v) => onChange({ ...envelope, conditions: { ...envelope.conditions, terms: v } })}
        testId="publish-terms"
        hint={options.terms.length === 0 ? t('publish.noTerms') : t('publish.termsHint')}
      />
      <CheckboxGroup
        legend={t('publish.sectors')}
        options={options.sectors.map((s) => ({ value: s, label: t(`sector.${s}`, { defaultValue: s }) }))}
        selected={envelope.conditions.sectors}
        onChange={(v) => onChange({ ...envelope, conditions: { ...envelope.conditions, sectors: v } })}
        testId="publish-sectors"
        hint={t('publish.sectorsHint')}
      />
      <RadioGroup
        legend={t('publish.attribution')}
        name="attribution"
        value={envelope.attribution}
        onChange={(v) => onChange({ ...envelope, attribution: v as Attribution })}
        options={attributions.map((v) => ({ value: v, label: t(`enum.attribution.${v}`, { defaultValue: v }) }))}
        testId="publish-attribution"
        vertical
      />
    </section>
  );
}
