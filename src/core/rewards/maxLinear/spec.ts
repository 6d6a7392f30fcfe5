/** The max-linear reward's scenario field: r(x) = maxᵢ θᵢ·x + bᵢ (convex). */
import { z } from '../../zod';
import { LIMITS, vec2 } from '../../scenarioParts';
import type { RewardSpecDescriptor } from '../descriptor';
import { compactAffine } from '../format';

export const maxLinearSchema = z.strictObject({
  kind: z.literal('max-linear'),
  thetas: z.array(vec2).min(1).max(LIMITS.maxLinearPieces),
  biases: z.array(z.number().min(-LIMITS.coordinate).max(LIMITS.coordinate)).min(1).max(LIMITS.maxLinearPieces),
});

export const maxLinearSpec = {
  kind: 'max-linear',
  schema: maxLinearSchema,
  preset: {
    kind: 'max-linear',
    thetas: [
      [1, 0],
      [-1, 0],
    ],
    biases: [0, 0],
  },
  label: 'Max of linear',
  hint: 'r(x) = maxᵢ θᵢ·x + bᵢ (convex)',
  describe: (r) => `r = max(${r.thetas.map((t, i) => compactAffine(t, r.biases[i])).join(', ')})`,
  problems(r) {
    return r.biases.length !== r.thetas.length
      ? [['reward.biases', `has ${r.biases.length} entries but thetas has ${r.thetas.length}`]]
      : [];
  },
} as const satisfies RewardSpecDescriptor<'max-linear', typeof maxLinearSchema>;
