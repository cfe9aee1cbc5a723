import { useId, type ReactNode } from 'react';

export interface Option {
  value: string;
  label: string;
}

/** A labelled group of checkboxes (a multi-valued filter or envelope field). */
export function CheckboxGroup({
  legend,
  options,
  selected,
  onChange,
  testId,
  disabled,
  hint,
}: {
  legend: string;
  options: Option[];
  selected: string[];
  onChange: (values: string[]) => void;
  testId?: string;
  disabled?: boolean;
  hint?: ReactNode;
}) {
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...selected, value].filter((v, i, a) => a.indexOf(v) === i) : selected.filter((v) => v !== value));
  return (
    <fieldset className="fieldset" data-testid={testId} disabled={disabled}>
      <legend>{legend}</legend>
      <div className="checks">
        {options.map((o) => (
          <label key={o.value} className="check">
            <input type="checkbox" checked={selected.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} value={o.value} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {hint && <div className="hint">{hint}</div>}
    </fieldset>
  );
}

/** A labelled group of radio buttons. */
export function RadioGroup({
  legend,
  name,
  options,
  value,
  onChange,
  testId,
  render,
  vertical,
}: {
  legend: string;
  name: string;
  options: Option[];
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  render?: (o: Option) => ReactNode;
  vertical?: boolean;
}) {
  return (
    <fieldset className="fieldset" data-testid={testId}>
      <legend>{legend}</legend>
      <div className={vertical ? 'checks checks-vertical' : 'checks'}>
        {options.map((o) => (
          <label key={o.value} className="check">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            {render ? render(o) : <span>{o.label}</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A label above any single control; the control gets the generated id. */
export function Field({
  label,
  hint,
  children,
  className,
}: {
  label: string;
  hint?: ReactNode;
  children: (id: string) => ReactNode;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}
