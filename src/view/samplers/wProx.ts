/** How the page shows the W-prox sampler (§4): the base chain, then one deterministic transport map. */
import type { SamplerSpec } from '../../core/scenario';
import { denoisePhase, formatStat, paramNumber, PHASE_NAME } from './phases';
import type { SamplerView } from './types';

type WProx = Extract<SamplerSpec, { kind: 'w-prox' }>;

// §4 with c(x, y) = ½‖x − y‖².
const PROX_TEX = 'T(x) = \\arg\\max_y\\; r(y) - \\tfrac{\\lambda_W}{2}\\lVert y - x\\rVert^2';

export const wProxView: SamplerView<WProx> = {
  kind: 'w-prox',
  label: 'W-prox',
  notes: {
    target: 'Each base sample is moved by the Wasserstein-proximal map: uphill in reward, paying λ_W/2 per unit of squared distance. It moves mass; it does not re-weight modes.',
    formula: PROX_TEX,
    exactWhen: 'Exact in closed form for linear (a shift by θ/λ_W) and concave quadratic rewards on a GMM (§2.5, §4); other rewards use a numerical argmax.',
    charts: 'The map is deterministic, so there are no importance weights (the log-weight and ESS charts show n/a); the transport cost row is the mean ‖T(x) − x‖².',
  },
  noWeightsReason: 'W-prox moves each particle by a deterministic map (§4): there are no importance weights',
  describe: (spec) => `W-prox (λ_W = ${paramNumber(spec.lambda)})`,
  phases: (spec, stats, steps) => [
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
  ],
};
