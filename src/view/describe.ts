/**
 * A scenario in one sentence, for the embedded figure's caption: what model, which reward, which sampler
 * with which λ, and the run size.
 */
import type { RewardSpec, SamplerSpec, Scenario } from '../core/scenario';
import { GMM_PRESETS, SAMPLER_LABEL } from './presets';

function num(v: number): string {
  return String(Number(v.toPrecision(3)));
}

function affine(theta: readonly number[], bias = 0): string {
  const [a, b] = theta;
  const parts: string[] = [];
  if (a !== 0) parts.push(`${a === 1 ? '' : a === -1 ? '−' : num(a)}x`);
  if (b !== 0) parts.push(`${parts.length ? (b < 0 ? ' − ' : ' + ') : b < 0 ? '−' : ''}${Math.abs(b) === 1 ? '' : num(Math.abs(b))}y`);
  if (bias !== 0 || parts.length === 0) parts.push(`${parts.length ? (bias < 0 ? ' − ' : ' + ') : ''}${num(parts.length ? Math.abs(bias) : bias)}`);
  return parts.join('');
}

export function describeReward(r: RewardSpec): string {
  switch (r.kind) {
    case 'linear':
      return `r = ${affine(r.theta)}`;
    case 'quadratic':
      return `r = −½‖x − (${num(r.c[0])}, ${num(r.c[1])})‖²_A`;
    case 'max-linear':
      return `r = max(${r.thetas.map((t, i) => affine(t, r.biases[i])).join(', ')})`;
    case 'formula':
      return `r = ${r.expr}`;
  }
}

export function describeSampler(s: SamplerSpec): string {
  if (s.kind === 'w-prox') return `${SAMPLER_LABEL[s.kind]} (λ_W = ${num(s.lambda)})`;
  if (s.kind === 'kl-tilt' || s.kind === 'smc') return `${SAMPLER_LABEL[s.kind]} (λ = ${num(s.lambda)})`;
  return SAMPLER_LABEL[s.kind];
}

export function describeScenario(s: Scenario, compare: SamplerSpec | null): string {
  const model =
    s.model.kind === 'mlp'
      ? `the learned model "${s.model.name}"`
      : `a Gaussian mixture (${GMM_PRESETS.find((p) => p.model.kind === 'gmm' && JSON.stringify(p.model.means) === JSON.stringify((s.model as { means: unknown }).means))?.label.replace(' (GMM)', '').toLowerCase() ?? `${s.model.weights.length} components`})`;
  const samplers = compare ? `${describeSampler(s.sampler)} vs ${describeSampler(compare)}` : describeSampler(s.sampler);
  return `${samplers} on ${model}, ${describeReward(s.reward)}; N = ${s.particles.toLocaleString('en-US')}, K = ${s.steps} steps, seed ${s.seed}.`;
}
