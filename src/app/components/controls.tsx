/**
 * Small labelled form controls shared by the panels. Every control has a visible label tied to its input,
 * so it is reachable and named for keyboard and screen-reader users.
 */
import { useId } from 'react';
import type { ReactNode } from 'react';

export function Field(props: { label: ReactNode; hint?: ReactNode; error?: string | null; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`field${props.error ? ' field--error' : ''}`}>
      <label htmlFor={id} className="field__label">
        {props.label}
      </label>
      {props.children(id)}
      {props.hint && <div className="field__hint">{props.hint}</div>}
      {props.error && (
        <div className="field__error" role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

function format(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 0.1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** A slider on a log scale (for λ and λ_W, which matter by orders of magnitude). */
export function LogSlider(props: {
  label: ReactNode;
  hint?: ReactNode;
  value: number;
  min: number;
  max: number;
  onChange: (v: number) => void;
  testId?: string;
}) {
  const lo = Math.log10(props.min);
  const hi = Math.log10(props.max);
  const pos = Math.min(hi, Math.max(lo, Math.log10(props.value)));
  return (
    <Field label={<>{props.label} <output className="field__value">{format(props.value)}</output></>} hint={props.hint}>
      {(id) => (
        <input
          id={id}
          type="range"
          min={lo}
          max={hi}
          step={(hi - lo) / 200}
          value={pos}
          data-testid={props.testId}
          aria-valuetext={format(props.value)}
          onChange={(e) => props.onChange(Number(Math.pow(10, Number(e.target.value)).toPrecision(3)))}
        />
      )}
    </Field>
  );
}

export function Slider(props: {
  label: ReactNode;
  hint?: ReactNode;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (v: number) => void;
  testId?: string;
}) {
  return (
    <Field label={<>{props.label} <output className="field__value">{format(props.value)}</output></>} hint={props.hint}>
      {(id) => (
        <input
          id={id}
          type="range"
          min={props.min}
          max={props.max}
          step={props.step}
          value={props.value}
          data-testid={props.testId}
          onChange={(e) => props.onChange(Number(e.target.value))}
        />
      )}
    </Field>
  );
}

export function Select<T extends string | number>(props: {
  label: ReactNode;
  hint?: ReactNode;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (v: T) => void;
  testId?: string;
  error?: string | null;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(id) => (
        <select
          id={id}
          value={String(props.value)}
          data-testid={props.testId}
          onChange={(e) => {
            const hit = props.options.find((o) => String(o.value) === e.target.value);
            if (hit) props.onChange(hit.value);
          }}
        >
          {props.options.map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Two numbers side by side (a point or a direction in the plane). */
export function PointInput(props: {
  label: ReactNode;
  hint?: ReactNode;
  value: [number, number];
  min: number;
  max: number;
  step: number;
  onChange: (v: [number, number]) => void;
  testId?: string;
}) {
  const id = useId();
  const set = (i: 0 | 1, raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) return;
    const next: [number, number] = [...props.value];
    next[i] = Math.min(props.max, Math.max(props.min, v));
    props.onChange(next);
  };
  return (
    <fieldset className="field point-input" data-testid={props.testId}>
      <legend className="field__label">{props.label}</legend>
      <div className="point-input__row">
        {(['x', 'y'] as const).map((axis, i) => (
          <label key={axis} htmlFor={`${id}-${axis}`}>
            <span>{axis}</span>
            <input
              id={`${id}-${axis}`}
              type="number"
              inputMode="decimal"
              min={props.min}
              max={props.max}
              step={props.step}
              value={props.value[i]}
              onChange={(e) => set(i as 0 | 1, e.target.value)}
            />
          </label>
        ))}
      </div>
      {props.hint && <div className="field__hint">{props.hint}</div>}
    </fieldset>
  );
}
