/**
 * A one-armed spiral (the 2-D Swiss roll): s = 1.5π(1 + 2u), u ~ U(0, 1), point (s cos s, s sin s).
 * Its moments have no short closed form, so they are computed once by a 20 000-node midpoint rule over u
 * (error far below the sampling noise of any test).
 */
import type { Vec2 } from '../linalg2';
import { normalizedDataset } from './normalized';
import type { Dataset } from './types';

function spiralPoint(u: number): Vec2 {
  const s = 1.5 * Math.PI * (1 + 2 * u);
  return [s * Math.cos(s), s * Math.sin(s)];
}

function spiralMoments(nodes = 20000): { mean: Vec2; meanVariance: number } {
  let mx = 0;
  let my = 0;
  let m2 = 0;
  for (let i = 0; i < nodes; i++) {
    const [x, y] = spiralPoint((i + 0.5) / nodes);
    mx += x;
    my += y;
    m2 += x * x + y * y;
  }
  mx /= nodes;
  my /= nodes;
  return { mean: [mx, my], meanVariance: 0.5 * (m2 / nodes - mx * mx - my * my) };
}

const moments = spiralMoments();

export const spiral: Dataset = normalizedDataset(
  { name: 'spiral', label: 'Spiral', description: 'A one-armed spiral (1.5 turns) with Gaussian noise (sd 0.05).' },
  { draw: (rng) => spiralPoint(rng.uniform()), ...moments },
  0.05,
);
