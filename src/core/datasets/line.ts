/**
 * A ridge: uniform on a segment through the origin at 30°, with Gaussian noise across it. A segment
 * U(−h, h) has variance h²/3; h = √6 gives tr Cov = 2 (unit variance per coordinate on average).
 */
import { normalizedDataset } from './normalized';
import type { Dataset } from './types';

const HALF_LENGTH = Math.sqrt(6);
const DIRECTION = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];

export const line: Dataset = normalizedDataset(
  { name: 'line', label: 'Line (ridge)', description: 'Uniform on a segment at 30° through the origin, with Gaussian noise (sd 0.05).' },
  {
    draw(rng) {
      const u = HALF_LENGTH * (2 * rng.uniform() - 1);
      return [u * DIRECTION[0], u * DIRECTION[1]];
    },
    mean: [0, 0],
    meanVariance: 1,
  },
  0.05,
);
