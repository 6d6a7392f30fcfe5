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

/**
 * Two well-separated modes, the left one heavy (0.9 : 0.1), for the guidance story. A reward that rises to the right
 * moves most of the mass into the light right mode (q's weights 0.14 : 0.86 at θ/λ = 1), which is where guidance
 * (§3.1) goes wrong: it moves too little of it. The model keeps the DDPM kernel (with the mixture's exact ε*) on
 * purpose: SMC's guided proposal is a Gaussian DDPM step, and against the exact mixture kernel its weights would also
 * have to correct that step's discretisation, which collapses them in the last steps (a final ESS of 0.02–0.07·N even
 * at λ → ∞, seeds 1–2) and hides the lesson. On the DDPM kernel, SMC at λ → ∞ is guidance itself, so every
 * difference between the two lanes is the importance weights'. (The DDPM chain at K = 100 leaves the light mode about
 * 8% short, 0.092 for 0.1; SMC targets that chain's tilt, a small offset from the closed form, within the test's
 * 4 SE — tests/unit/app/guidedPresets.test.ts.)
 */
const TWO_MODES: ModelSpec = {
  kind: 'gmm',
  weights: [0.9, 0.1],
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
  kernel: 'ddpm',
};

const SMC_BASE = {
  kind: 'smc',
  potential: 'diff',
  resampling: 'systematic',
  essThreshold: 0.5,
  resampleEvery: 1,
  potentialsAt: 'every-step' as const,
  tempering: { kind: 'none' as const },
} as const;

export const GUIDED_PRESETS: GuidedPreset[] = [
  {
    id: 'kl-vs-w',
    title: 'KL reweights modes, W moves mass',
    story:
      'Both samplers push toward higher reward, in different ways. KL-tilt changes how much weight each mode gets, but its samples stay where the base density p has mass: q is p reweighted by exp(r/λ). W-prox moves each sample a step uphill, paying λ_W/2 per unit of squared distance, so the whole cloud slides.',
    model: FIXTURE,
    reward: { kind: 'linear', theta: [1, -0.5] },
    sampler: { kind: 'kl-tilt', lambda: 0.7, method: 'auto' },
    compare: { kind: 'w-prox', lambda: 2 },
  },
  {
    id: 'smc-small-lambda',
    title: 'SMC weights degenerate as λ shrinks',
    story:
      'A small λ makes the tilt exp(r/λ) very peaked: over draws of p, a few particles carry almost all the weight. SMC spreads that correction over the steps, but its weights still collapse again and again: watch the log-weight variance jump and the effective sample size fall to a few particles out of N between resamplings, with a resampling at most steps. The final cloud is made of copies of a few ancestors, so its mean reward misses E_q r by far more than N independent draws would.',
    model: FIXTURE,
    reward: { kind: 'linear', theta: [1, -0.5] },
    sampler: { ...SMC_BASE, lambda: 0.05, proposal: 'base' },
    compare: null,
  },
  {
    id: 'tempering-small-lambda',
    title: 'Tempering eases SMC’s weight collapse at small λ',
    story:
      'At λ = 0.1 the tilt exp(r/λ) is sharp, and plain SMC (lane A) pays for it at step after step: it resamples at about 60 of the 100 steps and its effective sample size averages about half of N. Adaptive tempering (lane B) picks its schedule β on a short pilot run so that the tilt comes in as late as each step’s ESS allows: the β chart stays at 0 through the early steps and reaches 1 only at the end. It resamples less often and keeps a higher ESS on average. The target is the same — along every lineage the potentials still multiply to exp(r/λ) — so tempering eases the collapse; it does not make the estimate exact.',
    model: FIXTURE,
    reward: { kind: 'linear', theta: [1, -0.5] },
    sampler: { ...SMC_BASE, lambda: 0.1, proposal: 'base' },
    compare: { ...SMC_BASE, lambda: 0.1, proposal: 'base', tempering: { kind: 'adaptive', targetEss: 0.5 } },
  },
  {
    id: 'guidance-vs-smc',
    title: 'Guidance is biased on mixtures, SMC corrects it',
    story:
      'Reward-gradient guidance adds the gradient of r(x̂₀)/λ to the score at every noise level, which is exact for one Gaussian and a linear reward but not for a mixture. Here the tilt moves most of the mass from the heavy left mode to the light right one, and guidance moves too little of it: its mean reward misses the exact E_q r. SMC uses the same guided moves as a proposal and corrects them with importance weights, so its mean reward and energy distance come back to the closed form.',
    model: TWO_MODES,
    reward: { kind: 'linear', theta: [0.5, 0] },
    sampler: { kind: 'kl-tilt', lambda: 0.5, method: 'guidance' },
    compare: { ...SMC_BASE, lambda: 0.5, proposal: 'guided' },
  },
];
