/** How the page shows the base sampler (§1, §2.2): no tilt, no weights. */
import type { SamplerSpec } from '../../core/scenario';
import { denoisePhase } from './phases';
import type { SamplerView } from './types';

type Base = Extract<SamplerSpec, { kind: 'base' }>;

export const baseView: SamplerView<Base> = {
  kind: 'base',
  label: 'Base',
  panelNote: 'Plain ancestral sampling of p: the reference every other sampler is compared with.',
  notes: {
    target: 'The base model p itself: the reward is only measured, never used.',
    formula: 'x_{k-1} = \\tilde\\mu(x_k, \\hat x_0(x_k, t_k)) + \\tilde\\sigma_k\\, z,\\quad z \\sim \\mathcal N(0, I)',
    exactWhen: 'Exact for a GMM with the closed-form reverse kernel (§2.2); the DDPM kernel adds a discretisation error that shrinks as the number of steps grows.',
    charts: 'There are no importance weights, so the log-weight and ESS charts show n/a; the mean-reward chart shows r(x̂₀) drifting to E_p r.',
  },
  noWeightsReason: 'the base sampler has no target tilt, so there are no importance weights',
  describe: () => 'Base',
  phases: (_spec, stats, steps) => [denoisePhase(stats, steps, 'The base reverse kernel')],
};
