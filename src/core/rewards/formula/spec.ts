/**
 * The formula reward's scenario field: any expression in x and y in the safe formula language (formula/parse.ts).
 * Its parse check is part of scenario validation, so the page's main thread rejects a bad formula in a link
 * before anything runs (the parser needs no tfjs).
 */
import { z } from '../../zod';
import { LIMITS } from '../../scenarioParts';
import type { RewardSpecDescriptor } from '../descriptor';
import { parseFormula } from './parse';
import { FormulaSyntaxError } from './syntax';

export const formulaSchema = z.strictObject({
  kind: z.literal('formula'),
  expr: z.string().min(1, 'must not be empty').max(LIMITS.formulaLength),
});

export const formulaSpec = {
  kind: 'formula',
  schema: formulaSchema,
  preset: { kind: 'formula', expr: '-(x-1)^2 + sin(3*y)' },
  label: 'Formula',
  hint: 'Any expression in x and y; differentiable functions only.',
  describe: (r) => `r = ${r.expr}`,
  problems(r) {
    try {
      parseFormula(r.expr);
      return [];
    } catch (e) {
      if (e instanceof FormulaSyntaxError) return [['reward.expr', e.message]];
      throw e;
    }
  },
} as const satisfies RewardSpecDescriptor<'formula', typeof formulaSchema>;
