/** The W-prox sampler's scenario field (§4): the transport price λ_W. */
import { z } from '../../zod';
import { assertProxWellPosed } from '../../rewards/proxWellPosed';
import { lambdaSchema } from '../../scenarioParts';
import type { Mat2 } from '../../linalg2';
import { FieldError } from '../../types';
import type { SamplerSpecDescriptor } from '../descriptor';

export const wProxSchema = z.strictObject({
  kind: z.literal('w-prox'),
  /** transport price λ_W in y = argmax r(y) − (λ_W/2)‖y − x‖² */
  lambda: lambdaSchema,
});

export const wProxSpec = {
  kind: 'w-prox',
  schema: wProxSchema,
  defaults: { kind: 'w-prox', lambda: 2 },
  params: [
    {
      key: 'lambda',
      control: 'log-slider',
      label: 'Transport price λ_W',
      min: 0.05,
      max: 50,
      hint: 'Each particle moves to y = argmax r(y) − (λ_W/2)‖y − x‖²: large λ_W moves little.',
    },
  ],
  lambdaRole: 'transport-price',
  weighted: false,
  problems(sampler, s) {
    // A quadratic reward whose A + λ_W I is not positive definite has an unbounded prox objective (§4).
    if (s.reward.kind !== 'quadratic') return [];
    try {
      assertProxWellPosed(s.reward.A as Mat2, sampler.lambda);
      return [];
    } catch (e) {
      if (e instanceof FieldError) return [[e.field, e.problem]];
      throw e;
    }
  },
} as const satisfies SamplerSpecDescriptor<'w-prox', typeof wProxSchema>;
