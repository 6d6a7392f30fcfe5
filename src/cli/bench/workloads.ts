/**
 * The scenarios `npm run bench` times: the §7 fixture GMM with the linear reward under each sampler, and workload
 * W1 — SMC on a learned-size MLP (random weights; only the arithmetic matters for timing).
 */
import { DEFAULT_ARCHITECTURE, MlpDenoiser, buildMlp } from '../../core/models/mlp';
import { SAMPLER_KINDS, samplerSpecOf } from '../../core/scenario';
import type { SamplerKind, ScenarioInput } from '../../core/scenario';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { x0FromEps } from '../../core/samplers/chain';
import type { Denoised, Denoiser } from '../../core/types';
import { fixtureGmm } from '../../core/fixture';

/** Every registered sampler, each timed with its descriptor's default parameters. */
export const BENCH_SAMPLERS: readonly SamplerKind[] = SAMPLER_KINDS;
export type BenchSampler = SamplerKind;

export const BENCH_STEPS = 100;
export const BENCH_SIZES = [1024, 4096] as const;

const FIXTURE_MODEL = { kind: 'gmm' as const, ...fixtureGmm() };

const LINEAR_REWARD = { kind: 'linear' as const, theta: [1, -0.5] as [number, number] };

function samplerSpec(kind: BenchSampler): ScenarioInput['sampler'] {
  return samplerSpecOf(kind).defaults;
}

/** Analytic GMM + linear reward (§7 fixture) under one sampler. */
export function gmmScenario(sampler: BenchSampler, particles: number, steps = BENCH_STEPS, seed = 1): ScenarioInput {
  return { model: FIXTURE_MODEL, reward: LINEAR_REWARD, sampler: samplerSpec(sampler), particles, steps, seed };
}

/** The model name W1's scenario asks for; the bench's loader answers it with a random-weight MLP. */
export const W1_MODEL_NAME = 'bench-w1';

/** W1: SMC, N = 4096, K = 100, the MLP of `w1Denoiser`, linear reward, DIFF potential, systematic resampling. */
export function w1Scenario(particles = 4096, steps = BENCH_STEPS): ScenarioInput {
  return {
    model: { kind: 'mlp', name: W1_MODEL_NAME },
    reward: LINEAR_REWARD,
    sampler: samplerSpec('smc'),
    particles,
    steps,
    seed: 1,
  };
}

/**
 * The W1 network: (x, y) + 16 time features → 128 → 128 → 128 → 2, SiLU, the learned-model architecture of
 * models/mlp.ts with seeded random weights and a standard-normal data Gaussian for its input scaling.
 */
export function w1Denoiser(): MlpDenoiser {
  const model = buildMlp(DEFAULT_ARCHITECTURE, 7);
  return new MlpDenoiser(model, { mean: [0, 0], cov: [[1, 0], [0, 1]] }, W1_MODEL_NAME);
}

/**
 * Wraps a denoiser and counts network evaluations: eps, x0 and denoise (ε and x̂₀ together) each cost one forward
 * pass (a forward under tf.grad counts once, its backward is not counted).
 */
export class CountingDenoiser implements Denoiser {
  forwards = 0;

  constructor(private readonly inner: Denoiser) {}

  get name(): string {
    return this.inner.name;
  }

  get exact() {
    return this.inner.exact;
  }

  eps(...args: Parameters<Denoiser['eps']>) {
    this.forwards++;
    return this.inner.eps(...args);
  }

  x0(...args: Parameters<Denoiser['x0']>) {
    this.forwards++;
    return this.inner.x0(...args);
  }

  denoise(x: Tensor2D, t: number): Denoised {
    this.forwards++;
    if (this.inner.denoise) return this.inner.denoise(x, t);
    const eps = this.inner.eps(x, t);
    return { eps, x0: x0FromEps(x, eps, t) };
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}

/** A sampler configuration whose forwards per run the bench counts on the W1 network. */
export interface ForwardCountCase {
  label: string;
  sampler: ScenarioInput['sampler'];
  reward: ScenarioInput['reward'];
}

const FORMULA_REWARD = { kind: 'formula' as const, expr: '-(x-1)^2 + sin(3*y)' };

/** Every sampler with its defaults (linear reward), plus the variants that call the network more often. */
export const FORWARD_COUNT_CASES: readonly ForwardCountCase[] = [
  ...BENCH_SAMPLERS.map((kind) => ({ label: kind, sampler: samplerSpec(kind), reward: LINEAR_REWARD })),
  {
    label: 'kl-tilt guidance (formula reward)',
    sampler: { kind: 'kl-tilt', lambda: 1 },
    reward: FORMULA_REWARD,
  },
  { label: 'smc proposal=guided', sampler: { ...samplerSpec('smc'), proposal: 'guided' } as ScenarioInput['sampler'], reward: LINEAR_REWARD },
  {
    label: 'smc proposal=exact-linear-tilt',
    sampler: { ...samplerSpec('smc'), proposal: 'exact-linear-tilt' } as ScenarioInput['sampler'],
    reward: LINEAR_REWARD,
  },
];

/** The W1 network under one counted case. */
export function forwardCountScenario(c: ForwardCountCase, particles: number, steps: number): ScenarioInput {
  return { model: { kind: 'mlp', name: W1_MODEL_NAME }, reward: c.reward, sampler: c.sampler, particles, steps, seed: 1 };
}
