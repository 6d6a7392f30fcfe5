/** The KL-tilt sampler's scenario field (§2.3, §3.1–3.4): temperature λ and which tool may run. */
import { z } from '../../zod';
import { lambdaSchema } from '../../scenarioParts';
import { KL_LAMBDA_PARAM } from '../descriptor';
import type { SamplerSpecDescriptor } from '../descriptor';

/** auto: the most exact tool the (model, reward) pair allows; exact: that tool or an error; guidance: §3.1. */
export const klTiltMethodSchema = z.enum(['auto', 'exact', 'guidance']);

export const klTiltSchema = z.strictObject({
  kind: z.literal('kl-tilt'),
  lambda: lambdaSchema,
  method: klTiltMethodSchema.default('auto'),
});

export const klTiltSpec = {
  kind: 'kl-tilt',
  schema: klTiltSchema,
  defaults: { kind: 'kl-tilt', lambda: 0.7, method: 'auto' },
  params: [
    KL_LAMBDA_PARAM,
    {
      key: 'method',
      control: 'select',
      label: 'Method',
      options: [
        { value: 'auto', label: 'Auto: the most exact tool available' },
        { value: 'exact', label: 'Exact only (error if none)' },
        { value: 'guidance', label: 'Reward guidance (approximate, §3.1)' },
      ],
    },
  ],
  lambdaRole: 'kl-temperature',
  weighted: true,
} as const satisfies SamplerSpecDescriptor<'kl-tilt', typeof klTiltSchema>;
