/** How the page shows the SMC sampler (§5): proposal, weights by a potential, adaptive resampling. */
import type { SamplerSpec } from '../../core/scenario';
import type { PotentialKind, ProposalKind } from '../../core/samplers/smc/spec';
import type { StepStats } from '../../core/types';
import { denoisePhase, formatStat, GUIDED_TEX, LINEAR_TILT_TEX, paramNumber, PHASE_NAME, WEIGHT_CHARTS, weightPhase } from './phases';
import type { SamplerView, StepPhase } from './types';

type Smc = Extract<SamplerSpec, { kind: 'smc' }>;

// §5.2 adaptive resampling.
const RESAMPLE_TEX = '\\mathrm{ESS} = \\frac{1}{\\sum_i (\\bar W^i)^2} < \\mathtt{essThreshold}\\cdot N \\;\\Rightarrow\\; \\text{resample},\\quad \\log W^i \\leftarrow 0';

const POTENTIAL_TEX: Record<PotentialKind, string> = {
  diff: '\\log G_k = (r_k - r_{k+1})/\\lambda',
  max: '\\log G_k = \\max_{j \\ge k} r_j/\\lambda',
  sum: '\\log G_k = \\textstyle\\sum_{j \\ge k} r_j/\\lambda',
  immediate: '\\log G_k = r_k/\\lambda',
  'twist-exact': '\\log G_k = \\log\\psi_{t_k} - \\log\\psi_{t_{k+1}}',
};

const PROPOSAL_NAME: Record<ProposalKind, string> = {
  base: 'The base proposal (P0, the model’s own step)',
  guided: 'The guided proposal (P1)',
  'exact-linear-tilt': 'The exact linear-tilt proposal (P2)',
};

function resampleExplanation(spec: Smc, stats: StepStats, particles: number): string {
  const kappa = spec.essThreshold;
  const limit = kappa * particles;
  const ess = formatStat(stats.ess, 1);
  if (stats.resampled) {
    const why =
      stats.ess !== null && stats.ess < limit
        ? `ESS = ${ess} < essThreshold·N = ${formatStat(limit, 1)}`
        : stats.k === 0
          ? 'this is the last step, where the cloud is always resampled for display'
          : `the schedule asked for it (ESS = ${ess})`;
    return `Resampled (${spec.resampling} resampling): ${why}. Particles are drawn in proportion to their weights, heavy ones are copied, light ones dropped, and every log-weight is reset to 0.`;
  }
  if (stats.ess !== null && stats.ess < limit)
    return `Not resampled although ESS = ${ess} < essThreshold·N = ${formatStat(limit, 1)}: resampling is considered only every resampleEvery = ${spec.resampleEvery} steps. The weights are carried to the next step.`;
  return `Not resampled: ESS = ${ess} ≥ essThreshold·N = ${formatStat(limit, 1)} (essThreshold = ${kappa}), so the weights are still even enough and are carried to the next step.`;
}

export const smcView: SamplerView<Smc> = {
  kind: 'smc',
  label: 'SMC',
  notes: {
    target: 'The same KL-tilted target q ∝ p·exp(r/λ), reached by weighting and resampling particles (Feynman–Kac, §5.1) whatever the proposal.',
    formula: '\\log W^i \\leftarrow \\log W^i + \\ell^i_k,\\qquad \\mathrm{ESS} = \\frac{1}{\\sum_i (\\bar W^i)^2}',
    exactWhen:
      'Consistent for any proposal as N → ∞ (bias O(1/N)); Ẑ is unbiased for Z (§5.3). With the exact kernel and twist-exact potentials the weights are constant. Exact for the tilt of the model’s own path law: with DDPM steps that law differs from p in its tails, and a strong tilt magnifies the difference — a bias that more particles do not remove, more steps or the exact kernel do (§5.7). Tempering (§5.5) changes the intermediate targets, not the final one.',
    charts: WEIGHT_CHARTS,
  },
  describe: (spec) => `SMC (λ = ${paramNumber(spec.lambda)})`,
  phases(spec, stats, steps, particles) {
    const phases: StepPhase[] = [denoisePhase(stats, steps, PROPOSAL_NAME[spec.proposal])];
    if (spec.proposal !== 'base')
      phases.push({
        id: 'tilt',
        name: PHASE_NAME.tilt,
        explanation: `The proposal "${spec.proposal}" tilts the step towards the reward with temperature λ = ${spec.lambda}; the weight phase corrects for the difference between this proposal and the model's step.`,
        tex: spec.proposal === 'guided' ? GUIDED_TEX : LINEAR_TILT_TEX,
      });
    phases.push(
      weightPhase(stats, particles, `Each particle's log-weight grows by its increment ℓ_k, using the ${spec.potential} potential scaled by 1/λ.`, POTENTIAL_TEX[spec.potential]),
    );
    phases.push({ id: 'resample', name: PHASE_NAME.resample, explanation: resampleExplanation(spec, stats, particles), tex: RESAMPLE_TEX });
    return phases;
  },
};
