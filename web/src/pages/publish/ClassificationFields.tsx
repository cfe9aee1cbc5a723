import { useTranslation } from 'react-i18next';
import type { Classification, PublishOptions } from '../../api/types';
import { CheckboxGroup, Field, RadioGroup } from '../../components/Fields';
import { CHANNELS, INFO_TYPES, PURPOSES, TIERS, TIMINGS } from '../../lib/enums';

/** The 5W1H classification (why, what, who, when, how; "where" is the audience). */
export function ClassificationFields({
  value,
  options,
  onChange,
}: {
  value: Classification;
  options: PublishOptions;
  onChange: (c: Classification) => void;
}) {
  const { t } = useTranslation();
  const e = options.enums;
  const opts = (kind: string, fromHub: string[], fallback: readonly string[]) =>
    (fromHub.length ? fromHub : fallback).map((v) => ({ value: v, label: t(`enum.${kind}.${v}`, { defaultValue: v }) }));
  const embargoLocal = value.embargo_until ? toLocalInput(value.embargo_until) : '';

  return (
    <section className="card form-section" aria-labelledby="pub-5w1h">
      <h2 id="pub-5w1h">{t('publish.classificationTitle')}</h2>
      <p className="hint">{t('publish.classificationHint')}</p>
      <CheckboxGroup legend={t('w5h1.why')} options={opts('purpose', e.purpose, PURPOSES)} selected={value.purpose ?? []} onChange={(v) => onChange({ ...value, purpose: v })} testId="publish-purpose" />
      <Field label={t('w5h1.what')}>
        {(id) => (
          <select id={id} value={value.info_type ?? ''} onChange={(ev) => onChange({ ...value, info_type: ev.target.value || null })} data-testid="publish-info-type">
            <option value="">{t('publish.notSet')}</option>
            {opts('info_type', e.info_type, INFO_TYPES).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <CheckboxGroup legend={t('w5h1.who')} options={opts('tier', e.tier, TIERS)} selected={value.tier ?? []} onChange={(v) => onChange({ ...value, tier: v })} testId="publish-tier" />
      <RadioGroup
        legend={t('w5h1.when')}
        name="timing"
        value={value.timing ?? ''}
        onChange={(v) => onChange({ ...value, timing: v })}
        options={opts('timing', e.timing, TIMINGS)}
        testId="publish-timing"
      />
      <Field label={t('publish.embargo')} hint={t('publish.embargoHint')}>
        {(id) => (
          <input
            id={id}
            type="datetime-local"
            value={embargoLocal}
            onChange={(ev) => onChange({ ...value, embargo_until: ev.target.value ? new Date(ev.target.value).toISOString() : null })}
            data-testid="publish-embargo"
          />
        )}
      </Field>
      <CheckboxGroup
        legend={t('w5h1.how')}
        options={opts('channels', e.channels, CHANNELS)}
        selected={value.channels ?? []}
        onChange={(v) => onChange({ ...value, channels: v })}
        testId="publish-channels"
      />
    </section>
  );
}

/** An ISO timestamp as the value of a datetime-local input (local time, minutes). */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
