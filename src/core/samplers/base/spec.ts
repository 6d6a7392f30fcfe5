/** The base sampler's scenario field: the model's own chain, no parameters (§1, §2.2). */
import { z } from '../../zod';
import type { SamplerSpecDescriptor } from '../descriptor';

export const baseSchema = z.strictObject({ kind: z.literal('base') });

export const baseSpec = {
  kind: 'base',
  schema: baseSchema,
  defaults: { kind: 'base' },
  params: [],
  weighted: false,
} as const satisfies SamplerSpecDescriptor<'base', typeof baseSchema>;
