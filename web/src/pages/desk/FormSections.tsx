import { useTranslation } from 'react-i18next';
import type { ReportOptions } from '../../api/desk-types';
import { CheckboxGroup, Field, RadioGroup } from '../../components/Fields';
import { zoneChoices, type ReportForm } from '../../lib/desk-form';

export interface SectionProps {
  form: ReportForm;
  set: (change: Partial<ReportForm>) => void;
  options: ReportOptions;
}

function zoneLabel(zone: string): string {
  return zone === 'Z' ? 'UTC' : `UTC${zone}`;
}

/** Title, contact, sector. */
export function BasicsSection({ form, set, options }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section className="card form-section" aria-labelledby="desk-basics">
      <h2 id="desk-basics">{t('desk.form.basics')}</h2>
      <Field label={t('desk.form.title')} hint={t('desk.form.titleHint')}>
        {(id) => <input id={id} type="text" required maxLength={500} value={form.title} onChange={(e) => set({ title: e.target.value })} data-testid="report-title" />}
      </Field>
      <div className="desk-grid-3">
        <Field label={t('desk.form.contactName')}>
          {(id) => <input id={id} type="text" autoComplete="name" value={form.contactName} onChange={(e) => set({ contactName: e.target.value })} data-testid="contact-name" />}
        </Field>
        <Field label={t('desk.form.contactEmail')}>
          {(id) => <input id={id} type="email" autoComplete="email" value={form.contactEmail} onChange={(e) => set({ contactEmail: e.target.value })} data-testid="contact-email" />}
        </Field>
        <Field label={t('desk.form.contactPhone')}>
          {(id) => <input id={id} type="tel" autoComplete="tel" value={form.contactPhone} onChange={(e) => set({ contactPhone: e.target.value })} data-testid="contact-phone" />}
        </Field>
      </div>
      <p className="hint">{t('desk.form.contactHint')}</p>
      <Field label={t('desk.form.sector')}>
        {(id) => (
          <select id={id} value={form.sector} onChange={(e) => set({ sector: e.target.value })} data-testid="report-sector">
            {options.sectors.map((s) => (
              <option key={s} value={s}>
                {t(`sector.${s}`, { defaultValue: s })}
              </option>
            ))}
          </select>
        )}
      </Field>
    </section>
  );
}

function TimeField({ label, local, zone, onLocal, onZone, testId, browserZone }: { label: string; local: string; zone: string; onLocal: (v: string) => void; onZone: (v: string) => void; testId: string; browserZone: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset desk-time">
      <legend>{label}</legend>
      <div className="desk-time-row">
        <input type="datetime-local" aria-label={label} value={local} onChange={(e) => onLocal(e.target.value)} data-testid={testId} />
        <select aria-label={t('desk.form.zone')} value={zone} onChange={(e) => onZone(e.target.value)} data-testid={`${testId.replace(/-at$/, '')}-zone`}>
          {zoneChoices(browserZone, zone).map((z) => (
            <option key={z} value={z}>
              {zoneLabel(z)}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

/** When it was detected and when it started, each with its time zone. */
export function TimelineSection({ form, set, browserZone }: Omit<SectionProps, 'options'> & { browserZone: string }) {
  const { t } = useTranslation();
  return (
    <section className="card form-section" aria-labelledby="desk-timeline">
      <h2 id="desk-timeline">{t('desk.form.timeline')}</h2>
      <div className="two-col">
        <TimeField label={t('desk.form.detectedAt')} local={form.detectedLocal} zone={form.detectedZone} onLocal={(v) => set({ detectedLocal: v })} onZone={(v) => set({ detectedZone: v })} testId="detected-at" browserZone={browserZone} />
        <TimeField label={t('desk.form.startedAt')} local={form.startedLocal} zone={form.startedZone} onLocal={(v) => set({ startedLocal: v })} onZone={(v) => set({ startedZone: v })} testId="started-at" browserZone={browserZone} />
      </div>
      <p className="hint">{t('desk.form.timeHint')}</p>
    </section>
  );
}

function TextArea({ label, hint, value, onChange, testId, rows = 3 }: { label: string; hint?: string; value: string; onChange: (v: string) => void; testId: string; rows?: number }) {
  return (
    <Field label={label} hint={hint}>
      {(id) => <textarea id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />}
    </Field>
  );
}

/** What is affected, how it was found, the impact and the response so far. */
export function ImpactSection({ form, set, options }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section className="card form-section" aria-labelledby="desk-impact">
      <h2 id="desk-impact">{t('desk.form.impact')}</h2>
      <TextArea label={t('desk.form.systems')} value={form.systems} onChange={(v) => set({ systems: v })} testId="affected-systems" rows={2} />
      <CheckboxGroup
        legend={t('desk.form.environments')}
        options={options.environments.map((e) => ({ value: e, label: t(`desk.environment.${e}`, { defaultValue: e }) }))}
        selected={form.environments}
        onChange={(environments) => set({ environments })}
        testId="affected-environments"
      />
      <TextArea label={t('desk.form.discovery')} value={form.discovery} onChange={(v) => set({ discovery: v })} testId="discovery" rows={2} />
      <TextArea label={t('desk.form.intrusionRoute')} value={form.intrusionRoute} onChange={(v) => set({ intrusionRoute: v })} testId="intrusion-route" rows={2} />
      <TextArea label={t('desk.form.businessImpact')} value={form.businessImpact} onChange={(v) => set({ businessImpact: v })} testId="business-impact" />
      <RadioGroup
        legend={t('desk.form.essential')}
        name="essential"
        options={(['yes', 'no', 'unknown'] as const).map((v) => ({ value: v, label: t(`desk.form.essential_${v}`) }))}
        value={form.essential}
        onChange={(v) => set({ essential: v as ReportForm['essential'] })}
        testId="essential-service"
      />
      <TextArea label={t('desk.form.response')} value={form.response} onChange={(v) => set({ response: v })} testId="response" />
      <TextArea label={t('desk.form.helpRequested')} hint={t('desk.form.helpHint')} value={form.helpRequested} onChange={(v) => set({ helpRequested: v })} testId="help-requested" />
    </section>
  );
}

/** The ransomware and DDoS fields, shown for their type only. */
export function TypeSection({ form, set, options }: SectionProps) {
  const { t } = useTranslation();
  if (form.type === 'ransomware') {
    return (
      <section className="card form-section" aria-labelledby="desk-type-fields">
        <h2 id="desk-type-fields">{t('desk.form.ransomware')}</h2>
        <TextArea label={t('desk.form.ransomNote')} hint={t('desk.form.ransomNoteHint')} value={form.ransomNote} onChange={(v) => set({ ransomNote: v })} testId="ransomware-note" rows={4} />
        <div className="desk-grid-3">
          <Field label={t('desk.form.ransomExtension')}>
            {(id) => <input id={id} type="text" className="mono" placeholder=".locked" value={form.ransomExtension} onChange={(e) => set({ ransomExtension: e.target.value })} data-testid="ransomware-extension" />}
          </Field>
          <Field label={t('desk.form.ransomFamily')}>
            {(id) => <input id={id} type="text" value={form.ransomFamily} onChange={(e) => set({ ransomFamily: e.target.value })} data-testid="ransomware-family" />}
          </Field>
          <Field label={t('desk.form.ransomMethod')}>
            {(id) => <input id={id} type="text" value={form.ransomMethod} onChange={(e) => set({ ransomMethod: e.target.value })} data-testid="ransomware-method" />}
          </Field>
        </div>
      </section>
    );
  }
  if (form.type === 'ddos') {
    return (
      <section className="card form-section" aria-labelledby="desk-type-fields">
        <h2 id="desk-type-fields">{t('desk.form.ddos')}</h2>
        <RadioGroup
          legend={t('desk.form.ddosAttack')}
          name="ddos-attack"
          options={options.ddos_attacks.map((a) => ({ value: a.id, label: `${a.id} · ${t(`desk.ddos.${a.id}`, { defaultValue: a.name })}` }))}
          value={form.ddosAttack}
          onChange={(v) => set({ ddosAttack: v })}
          testId="ddos-attack"
          vertical
        />
        <div className="two-col">
          <Field label={t('desk.form.ddosPeak')}>
            {(id) => <input id={id} type="text" placeholder="40 Gbps / 2 Mpps" value={form.ddosPeak} onChange={(e) => set({ ddosPeak: e.target.value })} data-testid="ddos-peak" />}
          </Field>
          <Field label={t('desk.form.ddosDuration')}>
            {(id) => <input id={id} type="text" value={form.ddosDuration} onChange={(e) => set({ ddosDuration: e.target.value })} data-testid="ddos-duration" />}
          </Field>
        </div>
      </section>
    );
  }
  return null;
}
