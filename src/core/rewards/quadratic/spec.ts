/** The quadratic reward's scenario field: r(x) = −½ (x − c)ᵀ A (x − c), A symmetric. */
import { z } from '../../zod';
import { mat2, vec2 } from '../../scenarioParts';
import type { RewardSpecDescriptor } from '../descriptor';
import { compactNumber } from '../format';

export const quadraticSchema = z.strictObject({ kind: z.literal('quadratic'), A: mat2, c: vec2 });

export const quadraticSpec = {
  kind: 'quadratic',
  schema: quadraticSchema,
  preset: {
    kind: 'quadratic',
    A: [
      [2, 0],
      [0, 2],
    ],
    c: [1, 1],
  },
  label: 'Quadratic (target point)',
  hint: 'r(x) = −½ (x − c)ᵀ A (x − c); click the canvas to move c',
  describe: (r) => `r = −½‖x − (${compactNumber(r.c[0])}, ${compactNumber(r.c[1])})‖²_A`,
  problems(r) {
    const A = r.A;
    return Math.abs(A[0][1] - A[1][0]) > 1e-9 * (1 + Math.abs(A[0][1])) ? [['reward.A', 'must be symmetric']] : [];
  },
} as const satisfies RewardSpecDescriptor<'quadratic', typeof quadraticSchema>;
