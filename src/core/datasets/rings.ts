/**
 * Concentric rings of radii 1 and 2, a point on ring j with probability ∝ r_j (uniform density along the
 * arcs) at a uniform angle. Exact moments: mean 0, tr Cov = E|x|² = (1·1² + 2·2²)/3 = 3.
 */
import { normalizedDataset } from './normalized';
import type { Dataset } from './types';

export const rings: Dataset = normalizedDataset(
  { name: 'rings', label: 'Concentric rings', description: 'Two concentric circles (radii 1 : 2) with Gaussian noise (sd 0.06).' },
  {
    draw(rng) {
      const r = rng.uniform() < 1 / 3 ? 1 : 2;
      const phi = 2 * Math.PI * rng.uniform();
      return [r * Math.cos(phi), r * Math.sin(phi)];
    },
    mean: [0, 0],
    meanVariance: 1.5,
  },
  0.06,
);
