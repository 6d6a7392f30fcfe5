/**
 * What the "About this sampler" panel says for each sampler: its target (with the formula, as TeX for
 * KaTeX), when it is exact, and how to read the charts for it. Sections refer to algorithms.md.
 */
import type { SamplerKind } from '../../core/scenario';

export interface SamplerNote {
  target: string;
  /** TeX of the target or the map the sampler applies. */
  formula: string;
  exactWhen: string;
  charts: string;
}

const WEIGHT_CHARTS =
  'The log-weight variance chart shows how unevenly one step re-weights the particles (§5.4): when it is large, a few particles carry almost all of the weight. ESS = 1/Σ W̄ᵢ² counts how many particles still matter; ESS collapse is the curve dropping toward 1/N, after which the cloud is made of copies of a few ancestors.';

export const SAMPLER_NOTES: Record<SamplerKind, SamplerNote> = {
  base: {
    target: 'The base model p itself: the reward is only measured, never used.',
    formula: 'x_{k-1} = \\tilde\\mu(x_k, \\hat x_0(x_k, t_k)) + \\tilde\\sigma_k\\, z,\\quad z \\sim \\mathcal N(0, I)',
    exactWhen: 'Exact for a GMM with the closed-form reverse kernel (§2.2); the DDPM kernel adds a discretisation error that shrinks as the number of steps grows.',
    charts: 'There are no importance weights, so the log-weight and ESS charts show n/a; the mean-reward chart shows r(x̂₀) drifting to E_p r.',
  },
  'kl-tilt': {
    target: 'The KL-tilted target q ∝ p·exp(r/λ): the reward re-weights the base density, with temperature λ (small λ: more reward, less diversity).',
    formula: 'q(x) \\propto p(x)\\, e^{r(x)/\\lambda},\\qquad \\nabla\\log q_t = \\nabla\\log p_t + \\nabla\\log\\psi_t',
    exactWhen:
      'Exact for a linear reward (a location shift of the score, §3.2) and for an isotropic concave quadratic (§3.3) on a GMM; "guidance" (§3.1) replaces ψ_t by exp(r(x̂₀)/λ), exact only for a single Gaussian, biased on mixtures.',
    charts: `Weights are not used to move the particles; the charts show what SMC would weigh (DIFF potentials, §5.4): for an exact method the per-step variance stays small and the increments cancel. ${WEIGHT_CHARTS}`,
  },
  'w-prox': {
    target: 'Each base sample is moved by the Wasserstein-proximal map: uphill in reward, paying λ_W/2 per unit of squared distance. It moves mass; it does not re-weight modes.',
    formula: 'T(x) = \\arg\\max_y\\; r(y) - \\tfrac{\\lambda_W}{2}\\lVert y - x\\rVert^2',
    exactWhen: 'Exact in closed form for linear (a shift by θ/λ_W) and concave quadratic rewards on a GMM (§2.5, §4); other rewards use a numerical argmax.',
    charts: 'The map is deterministic, so there are no importance weights (the log-weight and ESS charts show n/a); the transport cost row is the mean ‖T(x) − x‖².',
  },
  smc: {
    target: 'The same KL-tilted target q ∝ p·exp(r/λ), reached by weighting and resampling particles (Feynman–Kac, §5.1) whatever the proposal.',
    formula: '\\log W^i \\leftarrow \\log W^i + \\ell^i_k,\\qquad \\mathrm{ESS} = \\frac{1}{\\sum_i (\\bar W^i)^2}',
    exactWhen: 'Consistent for any proposal as N → ∞ (bias O(1/N)); Ẑ is unbiased for Z (§5.3). With the exact kernel and twist-exact potentials the weights are constant.',
    charts: WEIGHT_CHARTS,
  },
};
