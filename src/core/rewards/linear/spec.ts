/** The linear reward's scenario field: r(x) = θ·x. */
import { z } from '../../zod';
import { vec2 } from '../../scenarioParts';
import type { RewardSpecDescriptor } from '../descriptor';
import { compactAffine } from '../format';

export const linearSchema = z.strictObject({ kind: z.literal('linear'), theta: vec2 });

export const linearSpec = {
  kind: 'linear',
  schema: linearSchema,
  preset: { kind: 'linear', theta: [1, -0.5] },
  label: 'Linear',
  hint: 'r(x) = θ·x',
  describe: (r) => `r = ${compactAffine(r.theta)}`,
} as const satisfies RewardSpecDescriptor<'linear', typeof linearSchema>;
