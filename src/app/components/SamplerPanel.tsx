/**
 * One sampler and its parameters, drawn from its descriptor's control metadata (core/samplers/<kind>/spec.ts),
 * with the λ convention written next to each slider (algorithms.md §0: "KL temperature λ" and "transport price
 * λ_W" are different knobs). In compare mode the page shows two. Nothing here knows any sampler by name.
 */
import { SAMPLER_KINDS, samplerSpecOf } from '../../core/scenario';
import type { SamplerKind, SamplerSpec } from '../../core/scenario';
import type { ParamMeta } from '../../core/samplers/descriptor';
import type { Lane } from '../../engine/messages';
import { LANE_COLOR } from '../../view/palette';
import { samplerView } from '../../view/samplers';
import { LogSlider, Select, Slider } from './controls';

function lambdaOf(spec: SamplerSpec): number | null {
  return 'lambda' in spec ? spec.lambda : null;
}

/** The sampler picked as `kind`, keeping λ when both samplers give it the same meaning (same target). */
export function switchSampler(from: SamplerSpec, kind: SamplerKind): SamplerSpec {
  const next = { ...samplerSpecOf(kind).defaults } as SamplerSpec;
  const lam = lambdaOf(from);
  const role = samplerSpecOf(from.kind).lambdaRole;
  if (lam !== null && 'lambda' in next && role !== undefined && role === samplerSpecOf(kind).lambdaRole) next.lambda = lam;
  return next;
}

function ParamControl(props: { meta: ParamMeta; spec: SamplerSpec; lane: Lane; onChange: (spec: SamplerSpec) => void }) {
  const { meta, spec, lane } = props;
  const values = spec as unknown as Record<string, number | string>;
  const set = (v: number | string) => props.onChange({ ...spec, [meta.key]: v } as SamplerSpec);
  const testId = `${meta.key}-${lane}`;
  if (meta.control === 'select') {
    const codec = meta.codec;
    const value = codec ? codec.read(values[meta.key]) : String(values[meta.key]);
    const choose = codec ? (v: string) => props.onChange({ ...spec, [meta.key]: codec.write(v, values[meta.key]) } as SamplerSpec) : set;
    return <Select label={meta.label} hint={meta.hint} value={value} options={meta.options} onChange={choose} testId={testId} />;
  }
  const Control = meta.control === 'log-slider' ? LogSlider : Slider;
  return (
    <Control
      label={meta.label}
      hint={meta.hint}
      value={Number(values[meta.key])}
      min={meta.min}
      max={meta.max}
      step={meta.step ?? 0.01}
      onChange={set}
      testId={testId}
    />
  );
}

/** The kind an arrow, Home or End key moves to in the picker (wrapping around), or null for any other key. */
function kindForKey(key: string, current: SamplerKind): SamplerKind | null {
  const i = SAMPLER_KINDS.indexOf(current);
  const n = SAMPLER_KINDS.length;
  if (key === 'ArrowRight' || key === 'ArrowDown') return SAMPLER_KINDS[(i + 1) % n];
  if (key === 'ArrowLeft' || key === 'ArrowUp') return SAMPLER_KINDS[(i + n - 1) % n];
  if (key === 'Home') return SAMPLER_KINDS[0];
  if (key === 'End') return SAMPLER_KINDS[n - 1];
  return null;
}

export function SamplerPanel(props: { lane: Lane; spec: SamplerSpec; onChange: (spec: SamplerSpec) => void; title: string }) {
  const { spec, onChange, lane } = props;
  const pick = (kind: SamplerKind) => {
    if (kind !== spec.kind) onChange(switchSampler(spec, kind));
  };
  // A radio group is one tab stop (the checked button); the arrow keys move the choice and the focus with it.
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const kind = kindForKey(e.key, spec.kind);
    if (!kind) return;
    e.preventDefault();
    pick(kind);
    e.currentTarget.querySelector<HTMLButtonElement>(`[data-kind="${kind}"]`)?.focus();
  };
  const view = samplerView(spec.kind);
  return (
    <section className="panel" aria-labelledby={`sampler-heading-${lane}`} data-testid={`sampler-panel-${lane}`}>
      <h2 id={`sampler-heading-${lane}`}>
        <span className="lane-swatch" style={{ background: LANE_COLOR[lane] }} aria-hidden="true" />
        {props.title}
      </h2>
      <div className="segmented" role="radiogroup" aria-label={`${props.title}: algorithm`} onKeyDown={onKeyDown}>
        {SAMPLER_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            role="radio"
            aria-checked={spec.kind === kind}
            tabIndex={spec.kind === kind ? 0 : -1}
            data-kind={kind}
            className={spec.kind === kind ? 'is-on' : ''}
            data-testid={`sampler-${lane}-${kind}`}
            onClick={() => pick(kind)}
          >
            {samplerView(kind).label}
          </button>
        ))}
      </div>
      {view.panelNote && <p className="panel__note">{view.panelNote}</p>}
      {samplerSpecOf(spec.kind).params.map((meta) => (
        <ParamControl key={meta.key} meta={meta} spec={spec} lane={lane} onChange={onChange} />
      ))}
    </section>
  );
}
