/**
 * One sampler and its parameters, with the λ convention written next to each slider (algorithms.md §0:
 * "KL temperature λ" and "transport price λ_W" are different knobs). In compare mode the page shows two.
 */
import type { SamplerKind, SamplerSpec } from '../../core/scenario';
import type { Lane } from '../../engine/messages';
import { LANE_COLOR } from '../palette';
import { SAMPLER_DEFAULTS, SAMPLER_KINDS, SAMPLER_LABEL } from '../../view/presets';
import { LogSlider, Select, Slider } from './controls';

type Smc = Extract<SamplerSpec, { kind: 'smc' }>;

const KL_HINT = (
  <>
    Target q ∝ p·e<sup>r/λ</sup>: small λ follows the reward, large λ stays near p.
  </>
);

function lambdaOf(spec: SamplerSpec): number | null {
  return 'lambda' in spec ? spec.lambda : null;
}

export function SamplerPanel(props: { lane: Lane; spec: SamplerSpec; onChange: (spec: SamplerSpec) => void; title: string }) {
  const { spec, onChange, lane } = props;
  const pick = (kind: SamplerKind) => {
    if (kind === spec.kind) return;
    const next = { ...SAMPLER_DEFAULTS[kind] };
    // Keep the KL temperature when moving between KL-tilt and SMC (same λ, same target).
    const lam = lambdaOf(spec);
    if (lam !== null && 'lambda' in next && spec.kind !== 'w-prox' && kind !== 'w-prox') (next as { lambda: number }).lambda = lam;
    onChange(next);
  };
  return (
    <section className="panel" aria-labelledby={`sampler-heading-${lane}`} data-testid={`sampler-panel-${lane}`}>
      <h2 id={`sampler-heading-${lane}`}>
        <span className="lane-swatch" style={{ background: LANE_COLOR[lane] }} aria-hidden="true" />
        {props.title}
      </h2>
      <div className="segmented" role="radiogroup" aria-label={`${props.title}: algorithm`}>
        {SAMPLER_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            role="radio"
            aria-checked={spec.kind === kind}
            className={spec.kind === kind ? 'is-on' : ''}
            data-testid={`sampler-${lane}-${kind}`}
            onClick={() => pick(kind)}
          >
            {SAMPLER_LABEL[kind]}
          </button>
        ))}
      </div>
      {spec.kind === 'base' && <p className="panel__note">Plain ancestral sampling of p: the reference every other sampler is compared with.</p>}
      {spec.kind === 'kl-tilt' && (
        <>
          <LogSlider label="KL temperature λ" hint={KL_HINT} value={spec.lambda} min={0.05} max={20} onChange={(lambda) => onChange({ ...spec, lambda })} testId={`lambda-${lane}`} />
          <Select
            label="Method"
            value={spec.method}
            options={[
              { value: 'auto', label: 'Auto: the most exact tool available' },
              { value: 'exact', label: 'Exact only (error if none)' },
              { value: 'guidance', label: 'Reward guidance (approximate, §3.1)' },
            ]}
            onChange={(method) => onChange({ ...spec, method })}
          />
        </>
      )}
      {spec.kind === 'w-prox' && (
        <LogSlider
          label="Transport price λ_W"
          hint={<>Each particle moves to y = argmax r(y) − (λ_W/2)‖y − x‖²: large λ_W moves little.</>}
          value={spec.lambda}
          min={0.05}
          max={50}
          onChange={(lambda) => onChange({ ...spec, lambda })}
          testId={`lambda-${lane}`}
        />
      )}
      {spec.kind === 'smc' && <SmcParams spec={spec} onChange={onChange} lane={lane} />}
    </section>
  );
}

function SmcParams(props: { spec: Smc; onChange: (s: SamplerSpec) => void; lane: Lane }) {
  const { spec, onChange } = props;
  return (
    <>
      <LogSlider label="KL temperature λ" hint={KL_HINT} value={spec.lambda} min={0.05} max={20} onChange={(lambda) => onChange({ ...spec, lambda })} testId={`lambda-${props.lane}`} />
      <Select
        label="Proposal"
        value={spec.proposal}
        options={[
          { value: 'base', label: 'Base step (FK steering)' },
          { value: 'guided', label: 'Guided step (TDS)' },
          { value: 'exact-linear-tilt', label: 'Exact linear tilt (linear r)' },
        ]}
        onChange={(proposal) => onChange({ ...spec, proposal })}
      />
      <Select
        label="Potential"
        value={spec.potential}
        options={[
          { value: 'diff', label: 'Difference (telescoping)' },
          { value: 'max', label: 'Running max' },
          { value: 'sum', label: 'Running sum' },
          { value: 'immediate', label: 'Immediate r_k' },
          { value: 'twist-exact', label: 'Exact twist (GMM, linear/quadratic r)' },
        ]}
        onChange={(potential) => onChange({ ...spec, potential })}
      />
      <Select
        label="Resampling"
        value={spec.resampling}
        options={[
          { value: 'systematic', label: 'Systematic' },
          { value: 'stratified', label: 'Stratified' },
          { value: 'residual', label: 'Residual' },
          { value: 'multinomial', label: 'Multinomial' },
        ]}
        onChange={(resampling) => onChange({ ...spec, resampling })}
      />
      <Slider
        label="Resample when ESS <"
        hint="…this fraction of N (0 never, 1 every step)."
        value={spec.essThreshold}
        min={0}
        max={1}
        step={0.05}
        onChange={(essThreshold) => onChange({ ...spec, essThreshold })}
      />
    </>
  );
}
