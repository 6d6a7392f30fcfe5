/**
 * Two interleaving half circles: (cos s, sin s) and (1 − cos s, ½ − sin s), s ~ U(0, π), equally likely.
 * Exact moments: E x = ½, E y = ¼, E x² = 1, E y² = ¼ + ½(¾ − 2/π) (E sin s = 2/π, E sin² s = E cos² s = ½).
 */
import { normalizedDataset } from './normalized';
import type { Dataset } from './types';

const VAR_X = 1 - 0.25;
const VAR_Y = 0.25 + 0.5 * (0.75 - 2 / Math.PI) - 0.0625;

export const moons: Dataset = normalizedDataset(
  { name: 'moons', label: 'Two moons', description: 'Two interleaving half circles with Gaussian noise (sd 0.1).' },
  {
    draw(rng) {
      const s = Math.PI * rng.uniform();
      return rng.uniform() < 0.5 ? [Math.cos(s), Math.sin(s)] : [1 - Math.cos(s), 0.5 - Math.sin(s)];
    },
    mean: [0.5, 0.25],
    meanVariance: 0.5 * (VAR_X + VAR_Y),
  },
  0.1,
);
