/**
 * The presets the controls offer: analytic GMM models, rewards of each kind and a default parameter set per
 * sampler. Presets are plain scenario fragments, so anything chosen here is a valid scenario field.
 */
import { DEFAULT_SCENARIO } from '../core/scenario';
import type { ModelSpec, RewardSpec, SamplerKind, SamplerSpec } from '../core/scenario';

export interface ModelPreset {
  id: string;
  label: string;
  model: ModelSpec;
}

const iso = (v: number): [[number, number], [number, number]] => [
  [v, 0],
  [0, v],
];

function ring(count: number, radius: number, variance: number): ModelSpec {
  const angles = Array.from({ length: count }, (_, i) => (2 * Math.PI * i) / count);
  return {
    kind: 'gmm',
    weights: angles.map(() => 1 / count),
    means: angles.map((a) => [round3(radius * Math.cos(a)), round3(radius * Math.sin(a))] as [number, number]),
    covs: angles.map(() => iso(variance)),
    kernel: 'ddpm',
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

export const GMM_PRESETS: ModelPreset[] = [
  { id: 'three-blobs', label: 'Three blobs (GMM)', model: { ...(DEFAULT_SCENARIO.model as ModelSpec), kernel: 'ddpm' } as ModelSpec },
  {
    id: 'two-blobs',
    label: 'Two symmetric blobs (GMM)',
    model: { kind: 'gmm', weights: [0.5, 0.5], means: [[-2, 0], [2, 0]], covs: [iso(0.3), iso(0.3)], kernel: 'ddpm' },
  },
  { id: 'ring-8', label: 'Ring of eight (GMM)', model: ring(8, 2.5, 0.04) },
  {
    id: 'lopsided',
    label: 'Heavy and light mode (GMM)',
    model: {
      kind: 'gmm',
      weights: [0.9, 0.1],
      means: [[-1.5, -0.5], [2, 1.5]],
      covs: [
        [
          [0.6, 0.25],
          [0.25, 0.4],
        ],
        iso(0.1),
      ],
      kernel: 'ddpm',
    },
  },
];

export interface RewardPreset {
  id: string;
  label: string;
  reward: RewardSpec;
}

export const REWARD_PRESETS: RewardPreset[] = [
  { id: 'linear', label: 'Linear', reward: { kind: 'linear', theta: [1, -0.5] } },
  { id: 'quadratic', label: 'Quadratic (target point)', reward: { kind: 'quadratic', A: iso(2), c: [1, 1] } },
  { id: 'max-linear', label: 'Max of linear', reward: { kind: 'max-linear', thetas: [[1, 0], [-1, 0]], biases: [0, 0] } },
  { id: 'formula', label: 'Formula', reward: { kind: 'formula', expr: '-(x-1)^2 + sin(3*y)' } },
];

export const SAMPLER_LABEL: Record<SamplerKind, string> = {
  base: 'Base',
  'kl-tilt': 'KL-tilt',
  'w-prox': 'W-prox',
  smc: 'SMC',
};

export const SAMPLER_DEFAULTS: Record<SamplerKind, SamplerSpec> = {
  base: { kind: 'base' },
  'kl-tilt': { kind: 'kl-tilt', lambda: 0.7, method: 'auto' },
  'w-prox': { kind: 'w-prox', lambda: 2 },
  smc: {
    kind: 'smc',
    lambda: 0.7,
    proposal: 'base',
    potential: 'diff',
    resampling: 'systematic',
    essThreshold: 0.5,
    resampleEvery: 1,
  },
};

export const SAMPLER_KINDS: SamplerKind[] = ['base', 'kl-tilt', 'w-prox', 'smc'];

/** Why the log-weight chart is empty for a sampler that carries no weights (§4, §5.4). */
export const NO_WEIGHTS_REASON: Partial<Record<SamplerKind, string>> = {
  base: 'the base sampler has no target tilt, so there are no importance weights',
  'w-prox': 'W-prox moves each particle by a deterministic map (§4): there are no importance weights',
};

export const PARTICLE_CHOICES = [256, 512, 1024, 2048, 4096, 8192, 16384];
