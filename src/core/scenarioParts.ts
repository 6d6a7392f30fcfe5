/**
 * The building blocks of the scenario schema that sampler and reward descriptors share: the limits and the zod
 * pieces for coordinates, 2-vectors, 2×2 matrices and λ. They live apart from scenario.ts because scenario.ts
 * assembles its unions from the descriptors, which need these pieces first (no import cycle).
 */
import { z } from './zod';

export const LIMITS = {
  particles: { min: 1, max: 65536, default: 2048 },
  steps: { min: 2, max: 1000, default: 100 },
  lambda: { min: 1e-6, max: 1e12 },
  coordinate: 1e3,
  components: 16,
  maxLinearPieces: 16,
  formulaLength: 500,
} as const;

export const coord = z.number().min(-LIMITS.coordinate).max(LIMITS.coordinate);
export const vec2 = z.tuple([coord, coord]);
export const mat2 = z.tuple([vec2, vec2]);

/** λ > 0: the KL temperature or the W-prox transport price, depending on the sampler. */
export const lambdaSchema = z
  .number()
  .gt(0, `must be > 0`)
  .max(LIMITS.lambda.max, `must be ≤ ${LIMITS.lambda.max}`)
  .refine((v) => v >= LIMITS.lambda.min, `must be ≥ ${LIMITS.lambda.min}`);
