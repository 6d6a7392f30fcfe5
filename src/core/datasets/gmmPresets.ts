/**
 * GMM presets. The fixture and the two-mode mixture keep their raw coordinates (not rescaled), so the
 * closed forms of algorithms.md §2 and the §7 numbers hold for them exactly; the ring is built at unit variance.
 */
import type { Mat2, Vec2 } from '../linalg2';
import { FIXTURE_GMM } from '../fixture';
import { gmmDataset } from './gmm';
import type { Dataset } from './types';

const iso = (v: number): Mat2 => [
  [v, 0],
  [0, v],
];

/** The §7 fixture and the app's default model: π = (.5, .3, .2), μ = (−2,0), (2,1), (0,−2.5). */
export const gmmFixture: Dataset = gmmDataset(
  'gmm-fixture',
  'Three-mode GMM (fixture)',
  'The three-component mixture of the test fixture and the default scenario (algorithms.md §7), in raw coordinates.',
  FIXTURE_GMM,
);

/** Two equal modes at (±2, 0) with covariance 0.3 I: the example mixture of the scenario format. */
export const gmmTwo: Dataset = gmmDataset(
  'gmm-two',
  'Two-mode GMM',
  'Two equal Gaussians at (−2, 0) and (2, 0), covariance 0.3·I, in raw coordinates.',
  { weights: [0.5, 0.5], means: [[-2, 0], [2, 0]], covs: [iso(0.3), iso(0.3)] },
);

/** 8 equal Gaussians (sd 0.1) on a circle; radius √(2(1 − 0.1²)) gives exactly unit variance per coordinate. */
const RING_SD = 0.1;
const RING_RADIUS = Math.sqrt(2 * (1 - RING_SD * RING_SD));
export const gmmRing8: Dataset = gmmDataset(
  'gmm-ring8',
  'Ring of 8 Gaussians',
  'Eight equal Gaussians (sd 0.1) evenly spaced on a circle; unit variance per coordinate.',
  {
    weights: Array.from({ length: 8 }, () => 1 / 8),
    means: Array.from({ length: 8 }, (_, k): Vec2 => [
      RING_RADIUS * Math.cos((2 * Math.PI * k) / 8),
      RING_RADIUS * Math.sin((2 * Math.PI * k) / 8),
    ]),
    covs: Array.from({ length: 8 }, () => iso(RING_SD * RING_SD)),
  },
);
