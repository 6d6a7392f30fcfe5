/**
 * A 4×4 checkerboard with 8 filled unit squares on [−2, 2]²: x ~ U(−2, 2); y uniform on the two filled
 * squares of x's column. Both marginals are U(−2, 2): mean 0, variance 4/3 each.
 */
import { normalizedDataset } from './normalized';
import type { Dataset } from './types';

export const checkerboard: Dataset = normalizedDataset(
  { name: 'checkerboard', label: 'Checkerboard', description: 'Uniform on the 8 dark squares of a 4×4 board.' },
  {
    draw(rng) {
      const x = 4 * rng.uniform() - 2;
      const column = ((Math.floor(x) % 2) + 2) % 2;
      const y = rng.uniform() - 2 * rng.int(2) + column;
      return [x, y];
    },
    mean: [0, 0],
    meanVariance: 4 / 3,
  },
  0,
);
