/**
 * Guided presets: one-click scenarios that each tell one story, with the two or three sentences shown
 * beside them. Each is a plain scenario (and, where it compares, a second sampler), so it goes through the
 * same validation and URL as any edit.
 */
import { DEFAULT_SCENARIO } from '../../core/scenario';
import type { ModelSpec, RewardSpec, SamplerSpec } from '../../core/scenario';

export interface GuidedPreset {
  id: string;
  title: string;
  story: string;
  model: ModelSpec;
  reward: RewardSpec;
  sampler: SamplerSpec;
  /** The second sampler of compare mode, or null for a single run. */
  compare: SamplerSpec | null;
}

/** The §7 fixture GMM with the closed-form reverse kernel, so that every difference shown is the sampler's. */
const FIXTURE: ModelSpec = { ...(DEFAULT_SCENARIO.model as ModelSpec), kernel: 'exact' } as ModelSpec;

/** Two well-separated symmetric modes: the guidance bias (§3.1) is largest between modes. */
const TWO_MODES: ModelSpec = {
  kind: 'gmm',
  weights: [0.5, 0.5],
  means: [
    [-2, 0],
    [2, 0],
  ],
  covs: [
    [
      [0.3, 0],
      [0, 0.3],
    ],
    [
      [0.3, 0],
      [0, 0.3],
    ],
  ],
  kernel: 'exact',
};

const SMC_BASE = { kind: 'smc', potential: 'diff', resampling: 'systematic', essThreshold: 0.5, resampleEvery: 1 } as const;

export const GUIDED_PRESETS: GuidedPreset[] = [
  {
    id: 'kl-vs-w',
    title: 'KL reweights modes, W moves mass',
    story:
      'Both samplers push toward higher reward, in different ways. KL-tilt changes how much weight each mode gets, but every sample still lies where the base density p has mass. W-prox moves each sample a step uphill, paying λ_W/2 per unit of squared distance, so the whole cloud slides.',
    model: FIXTURE,
    reward: { kind: 'linear', theta: [1, -0.5] },
    sampler: { kind: 'kl-tilt', lambda: 0.7, method: 'auto' },
    compare: { kind: 'w-prox', lambda: 2 },
  },
  {
    id: 'smc-small-lambda',
    title: 'SMC weights degenerate as λ shrinks',
    story:
      'A small λ makes the target exp(r/λ) very peaked, so in each step a few particles carry almost all the weight. Watch the log-weight variance jump and the effective sample size drop toward 1/N between resamplings: the final cloud is made of copies of a few ancestors.',
    model: FIXTURE,
    reward: { kind: 'linear', theta: [1, -0.5] },
    sampler: { ...SMC_BASE, lambda: 0.05, proposal: 'base' },
    compare: null,
  },
  {
    id: 'guidance-vs-smc',
    title: 'Guidance is biased on mixtures, SMC corrects it',
    story:
      'Reward-gradient guidance adds ∇r/λ to the score at every noise level, which is exact for one Gaussian but not for a mixture: its mean reward misses the exact E_q r. SMC uses the same guided moves as a proposal and corrects them with importance weights, so its mean reward and energy distance come back to the closed form.',
    model: TWO_MODES,
    reward: { kind: 'quadratic', A: [[2, 0], [0, 2]], c: [1.5, 1.5] },
    sampler: { kind: 'kl-tilt', lambda: 0.5, method: 'guidance' },
    compare: { ...SMC_BASE, lambda: 0.5, proposal: 'guided' },
  },
];
