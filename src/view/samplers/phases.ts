/**
 * The step-through phases that several samplers share (denoise, weight) and the formulas behind them (TeX for
 * KaTeX). Phases are views over what the run recorded in its StepStats; the samplers are not re-run.
 */
import type { StepStats } from '../../core/types';
import type { PhaseId, StepPhase } from './types';

export function formatStat(v: number | null, digits = 3): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(2);
  return v.toFixed(digits);
}

export const PHASE_NAME: Record<PhaseId, string> = {
  denoise: 'Denoise',
  tilt: 'Tilt',
  prox: 'Prox',
  weight: 'Weight',
  resample: 'Resample',
};

// §1 / §2.2: one reverse step from t_k, through the Tweedie estimate x̂₀.
const DENOISE_TEX = 'x_{k-1} = \\tilde\\mu\\big(x_k, \\hat x_0(x_k, t_k)\\big) + \\tilde\\sigma_k\\, z,\\qquad z \\sim \\mathcal N(0, I)';
// §3.1: guidance replaces ψ_t by exp(r(x̂₀)/λ).
export const GUIDED_TEX = '\\nabla\\log q_t(x_k) \\approx \\nabla\\log p_t(x_k) + \\tfrac{1}{\\lambda}\\nabla_{x_k} r\\big(\\hat x_0(x_k)\\big)';
// §3.2: a linear reward θ·x shifts the score exactly.
export const LINEAR_TILT_TEX = '\\nabla\\log q_t = \\nabla\\log p_t + \\nabla\\log\\psi_t,\\qquad \\psi_t(x) = \\mathbb E_p\\big[e^{r(x_0)/\\lambda} \\mid x_t = x\\big]';
// §5.1 incremental log-weight and §5.4 its variance across particles.
const WEIGHT_TEX =
  '\\ell^i_{k} = \\log\\frac{p_\\theta(x^i_{k}\\mid x^i_{k+1})}{\\tilde q(x^i_{k}\\mid x^i_{k+1})} + \\log G_{k},\\qquad V_k = \\tfrac1N\\textstyle\\sum_i(\\ell^i_k - \\bar\\ell_k)^2';

export function denoisePhase(stats: StepStats, steps: number, how: string): StepPhase {
  return {
    id: 'denoise',
    name: PHASE_NAME.denoise,
    explanation:
      `${how} takes every particle from noise level t = ${formatStat(stats.t)} one step towards data (grid index k = ${stats.k}, ${steps - stats.k} of ${steps}). ` +
      `The canvas shows the particles stored for this step; their Tweedie estimates x̂₀ have mean reward ${formatStat(stats.meanReward)}.`,
    tex: DENOISE_TEX,
  };
}

/**
 * The weight phase: `lead` says where the increment comes from (SMC's potential, or KL-tilt's diagnostic) and
 * `potentialTex` is its log G_k; `essNote` follows the ESS where it needs one.
 */
export function weightPhase(stats: StepStats, particles: number, lead: string, potentialTex: string, essNote = ''): StepPhase {
  const ess = stats.ess === null ? 'n/a' : `${formatStat(stats.ess, 1)} of N = ${particles} (${formatStat(stats.ess / particles, 2)}·N)${essNote}`;
  return {
    id: 'weight',
    name: PHASE_NAME.weight,
    explanation: `${lead} The increments' variance across particles is V_k = ${formatStat(stats.logWeightVar)} (cumulative ${formatStat(stats.logWeightVarCum)}); the effective sample size is ${ess}.`,
    tex: `${WEIGHT_TEX},\\quad ${potentialTex}`,
  };
}

/** How the weight charts read, for the samplers that carry weights. */
export const WEIGHT_CHARTS =
  'The log-weight variance chart shows how unevenly one step re-weights the particles (§5.4): when it is large, a few particles carry almost all of the weight. ESS = 1/Σ W̄ᵢ² counts how many particles still matter; ESS collapse is the curve dropping toward 1/N, after which the cloud is made of copies of a few ancestors.';

/** "0.7" for 0.7, three significant digits. */
export function paramNumber(v: number): string {
  return String(Number(v.toPrecision(3)));
}
