/** How the page shows the KL-tilt sampler (§2.3, §3.1–3.4): a tilted chain, with SMC's weights as a diagnostic. */
import type { SamplerSpec } from '../../core/scenario';
import { denoisePhase, formatStat, GUIDED_TEX, LINEAR_TILT_TEX, paramNumber, PHASE_NAME, WEIGHT_CHARTS, weightPhase } from './phases';
import type { SamplerView, StepPhase } from './types';

type KlTilt = Extract<SamplerSpec, { kind: 'kl-tilt' }>;

/** What KL-tilt's ESS is: its samples are equally weighted, the weights only a diagnostic (algorithms.md §5.4). */
const KL_ESS_DIAGNOSTIC = 'diagnostic: the ESS SMC would have with these moves and no resampling; KL-tilt’s own samples are equally weighted';

export const klTiltView: SamplerView<KlTilt> = {
  kind: 'kl-tilt',
  label: 'KL-tilt',
  notes: {
    target: 'The KL-tilted target q ∝ p·exp(r/λ): the reward re-weights the base density, with temperature λ (small λ: more reward, less diversity).',
    formula: 'q(x) \\propto p(x)\\, e^{r(x)/\\lambda},\\qquad \\nabla\\log q_t = \\nabla\\log p_t + \\nabla\\log\\psi_t',
    exactWhen:
      'Exact for a linear reward (a location shift of the score, §3.2) and for an isotropic concave quadratic (§3.3) on a GMM; "guidance" (§3.1) replaces ψ_t by exp(r(x̂₀)/λ), exact only for a single Gaussian, biased on mixtures.',
    charts: `Weights are not used to move the particles: KL-tilt's samples are equally weighted. The weight charts are a diagnostic: what SMC would weigh these moves by with DIFF potentials (§5.4), never resampled, so the ESS chart is the ESS those weights would have. Their variance measures how far r(x̂₀)/λ is from the exact twist log ψ_t; it grows as λ shrinks even when the method is exact (1/λ magnifies that gap), and says nothing against this run's samples. ${WEIGHT_CHARTS}`,
  },
  essDiagnostic: KL_ESS_DIAGNOSTIC,
  describe: (spec) => `KL-tilt (λ = ${paramNumber(spec.lambda)})`,
  phases(spec, stats, steps, particles) {
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
    if (stats.logWeightVar !== null || stats.ess !== null)
      phases.push(
        weightPhase(
          stats,
          particles,
          'KL-tilt moves the particles without weights; this is what SMC would weigh them by (the DIFF potential log G_k = (r_k − r_{k+1})/λ, a diagnostic).',
          '\\log G_k = (r_k - r_{k+1})/\\lambda',
          ` (${KL_ESS_DIAGNOSTIC})`,
        ),
      );
    return phases;
  },
};
