/**
 * Step-through mode: the phases of one denoising step for each sampler, with what happened in this step
 * (from the step's StepStats) and the formula behind each phase (TeX for KaTeX). The phases are views over
 * what the run recorded; the samplers themselves are not re-run. Sections refer to algorithms.md.
 */
import type { SamplerSpec } from '../../core/scenario';
import type { StepStats } from '../../core/types';

export type PhaseId = 'denoise' | 'tilt' | 'prox' | 'weight' | 'resample';

export interface StepPhase {
  id: PhaseId;
  name: string;
  /** What happened in this step, in words, with the step's numbers. */
  explanation: string;
  tex: string;
}

export function formatStat(v: number | null, digits = 3): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(2);
  return v.toFixed(digits);
}

const PHASE_NAME: Record<PhaseId, string> = {
  denoise: 'Denoise',
  tilt: 'Tilt',
  prox: 'Prox',
  weight: 'Weight',
  resample: 'Resample',
};

// §1 / §2.2: one reverse step from t_k, through the Tweedie estimate x̂₀.
const DENOISE_TEX = 'x_{k-1} = \\tilde\\mu\\big(x_k, \\hat x_0(x_k, t_k)\\big) + \\tilde\\sigma_k\\, z,\\qquad z \\sim \\mathcal N(0, I)';
// §3.1: guidance replaces ψ_t by exp(r(x̂₀)/λ).
const GUIDED_TEX = '\\nabla\\log q_t(x_k) \\approx \\nabla\\log p_t(x_k) + \\tfrac{1}{\\lambda}\\nabla_{x_k} r\\big(\\hat x_0(x_k)\\big)';
// §3.2: a linear reward θ·x shifts the score exactly.
const LINEAR_TILT_TEX = '\\nabla\\log q_t = \\nabla\\log p_t + \\nabla\\log\\psi_t,\\qquad \\psi_t(x) = \\mathbb E_p\\big[e^{r(x_0)/\\lambda} \\mid x_t = x\\big]';
// §4 with c(x, y) = ½‖x − y‖².
const PROX_TEX = 'T(x) = \\arg\\max_y\\; r(y) - \\tfrac{\\lambda_W}{2}\\lVert y - x\\rVert^2';
// §5.1 incremental log-weight and §5.4 its variance across particles.
const WEIGHT_TEX =
  '\\ell^i_{k} = \\log\\frac{p_\\theta(x^i_{k}\\mid x^i_{k+1})}{\\tilde q(x^i_{k}\\mid x^i_{k+1})} + \\log G_{k},\\qquad V_k = \\tfrac1N\\textstyle\\sum_i(\\ell^i_k - \\bar\\ell_k)^2';
// §5.2 adaptive resampling.
const RESAMPLE_TEX = '\\mathrm{ESS} = \\frac{1}{\\sum_i (\\bar W^i)^2} < \\mathtt{essThreshold}\\cdot N \\;\\Rightarrow\\; \\text{resample},\\quad \\log W^i \\leftarrow 0';

type Potential = Extract<SamplerSpec, { kind: 'smc' }>['potential'];

const POTENTIAL_TEX: Record<Potential, string> = {
  diff: '\\log G_k = (r_k - r_{k+1})/\\lambda',
  max: '\\log G_k = \\max_{j \\ge k} r_j/\\lambda',
  sum: '\\log G_k = \\textstyle\\sum_{j \\ge k} r_j/\\lambda',
  immediate: '\\log G_k = r_k/\\lambda',
  'twist-exact': '\\log G_k = \\log\\psi_{t_k} - \\log\\psi_{t_{k+1}}',
};

function denoisePhase(stats: StepStats, steps: number, how: string): StepPhase {
  return {
    id: 'denoise',
    name: PHASE_NAME.denoise,
    explanation:
      `${how} takes every particle from noise level t = ${formatStat(stats.t)} one step towards data (grid index k = ${stats.k}, ${steps - stats.k} of ${steps}). ` +
      `The canvas shows the particles stored for this step; their Tweedie estimates x̂₀ have mean reward ${formatStat(stats.meanReward)}.`,
    tex: DENOISE_TEX,
  };
}

function weightPhase(stats: StepStats, particles: number, diagnosticOnly: boolean, potential: Potential): StepPhase {
  const ess = stats.ess === null ? 'n/a' : `${formatStat(stats.ess, 1)} of N = ${particles} (${formatStat(stats.ess / particles, 2)}·N)`;
  const lead = diagnosticOnly
    ? 'KL-tilt moves the particles without weights; this is what SMC would weigh them by (the DIFF potential log G_k = (r_k − r_{k+1})/λ, a diagnostic).'
    : `Each particle's log-weight grows by its increment ℓ_k, using the ${potential} potential scaled by 1/λ.`;
  return {
    id: 'weight',
    name: PHASE_NAME.weight,
    explanation: `${lead} The increments' variance across particles is V_k = ${formatStat(stats.logWeightVar)} (cumulative ${formatStat(stats.logWeightVarCum)}); the effective sample size is ${ess}.`,
    tex: `${WEIGHT_TEX},\\quad ${POTENTIAL_TEX[potential]}`,
  };
}

function resampleExplanation(spec: Extract<SamplerSpec, { kind: 'smc' }>, stats: StepStats, particles: number): string {
  const kappa = spec.essThreshold;
  const limit = kappa * particles;
  const ess = formatStat(stats.ess, 1);
  if (stats.resampled) {
    const why = stats.ess !== null && stats.ess < limit ? `ESS = ${ess} < essThreshold·N = ${formatStat(limit, 1)}` : stats.k === 0 ? 'this is the last step, where the cloud is always resampled for display' : `the schedule asked for it (ESS = ${ess})`;
    return `Resampled (${spec.resampling} resampling): ${why}. Particles are drawn in proportion to their weights, heavy ones are copied, light ones dropped, and every log-weight is reset to 0.`;
  }
  if (stats.ess !== null && stats.ess < limit)
    return `Not resampled although ESS = ${ess} < essThreshold·N = ${formatStat(limit, 1)}: resampling is considered only every resampleEvery = ${spec.resampleEvery} steps. The weights are carried to the next step.`;
  return `Not resampled: ESS = ${ess} ≥ essThreshold·N = ${formatStat(limit, 1)} (essThreshold = ${kappa}), so the weights are still even enough and are carried to the next step.`;
}

/** The phases of one step of this sampler, in order (denoise → tilt or prox → weight → resample, as it has them). */
export function stepPhases(spec: SamplerSpec, stats: StepStats, steps: number, particles: number): StepPhase[] {
  switch (spec.kind) {
    case 'base':
      return [denoisePhase(stats, steps, 'The base reverse kernel')];
    case 'kl-tilt': {
      const guidance = spec.method === 'guidance';
      const phases: StepPhase[] = [
        denoisePhase(stats, steps, 'The reverse kernel'),
        {
          id: 'tilt',
          name: PHASE_NAME.tilt,
          explanation:
            `The step's score is tilted towards the reward with temperature λ = ${spec.lambda} (method ${spec.method}): ` +
            (guidance
              ? 'guidance adds the reward gradient at x̂₀, divided by λ (exact only for a single Gaussian).'
              : 'where the closed form exists the tilt ψ_t is exact, so the cloud follows q ∝ p·exp(r/λ) at every noise level.') +
            ` Mean reward of x̂₀ after this step: ${formatStat(stats.meanReward)}.`,
          tex: guidance ? GUIDED_TEX : LINEAR_TILT_TEX,
        },
      ];
      if (stats.logWeightVar !== null || stats.ess !== null) phases.push(weightPhase(stats, particles, true, 'diff'));
      return phases;
    }
    case 'w-prox':
      return [
        denoisePhase(stats, steps, 'The base reverse kernel'),
        {
          id: 'prox',
          name: PHASE_NAME.prox,
          explanation:
            (stats.k === 0
              ? `This is the last step: each finished base sample is now moved by the proximal map, uphill in reward at a price λ_W = ${spec.lambda} per unit of ½‖y − x‖².`
              : `The proximal map with transport price λ_W = ${spec.lambda} is applied once, at the end; during the chain the chart shows the reward the map would reach from x̂₀.`) +
            ` Mean reward r(T(x̂₀)) at this step: ${formatStat(stats.meanReward)}. No weights: V_k is n/a.`,
          tex: PROX_TEX,
        },
      ];
    case 'smc': {
      const proposal = {
        base: 'The base proposal (P0, the model’s own step)',
        guided: 'The guided proposal (P1)',
        'exact-linear-tilt': 'The exact linear-tilt proposal (P2)',
      }[spec.proposal];
      const phases: StepPhase[] = [denoisePhase(stats, steps, proposal)];
      if (spec.proposal !== 'base')
        phases.push({
          id: 'tilt',
          name: PHASE_NAME.tilt,
          explanation: `The proposal "${spec.proposal}" tilts the step towards the reward with temperature λ = ${spec.lambda}; the weight phase corrects for the difference between this proposal and the model's step.`,
          tex: spec.proposal === 'guided' ? GUIDED_TEX : LINEAR_TILT_TEX,
        });
      phases.push(weightPhase(stats, particles, false, spec.potential));
      phases.push({ id: 'resample', name: PHASE_NAME.resample, explanation: resampleExplanation(spec, stats, particles), tex: RESAMPLE_TEX });
      return phases;
    }
  }
}
