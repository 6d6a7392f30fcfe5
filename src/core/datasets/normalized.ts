/**
 * Shape data sets at roughly unit variance: a noise-free raw shape is centred and scaled by known moments
 * (mean c, mean variance v = tr Cov / 2), x ↦ (x − c)/√v, and isotropic Gaussian noise of a stated sd is added
 * afterwards, so each coordinate has variance about 1 on average (tr Cov = 2 + 2·noise²).
 */
import type { Vec2 } from '../linalg2';
import type { Rng } from '../rng';
import type { Dataset } from './types';

export interface RawShape {
  /** One noise-free raw point. */
  draw(rng: Rng): Vec2;
  /** Exact mean of the raw shape. */
  mean: Vec2;
  /** Exact tr Cov / 2 of the raw shape. */
  meanVariance: number;
}

export function normalizedDataset(
  info: { name: string; label: string; description: string },
  shape: RawShape,
  noiseSd: number,
): Dataset {
  const scale = 1 / Math.sqrt(shape.meanVariance);
  return {
    ...info,
    sample(n: number, rng: Rng): Float32Array {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const p = shape.draw(rng);
        out[2 * i] = (p[0] - shape.mean[0]) * scale + noiseSd * rng.normal();
        out[2 * i + 1] = (p[1] - shape.mean[1]) * scale + noiseSd * rng.normal();
      }
      return out;
    },
  };
}
