/**
 * A 2-D data set: a seeded generator of points, plus the exact law when it is a Gaussian mixture.
 * Data sets register in registry.ts; the learned models of public/models/ are trained on them.
 */
import type { Rng } from '../rng';
import type { GmmSpec } from '../types';

export interface Dataset {
  /** Registry key, lower-case letters, digits and dashes (also the shipped model's name). */
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** n points, interleaved [x0, y0, x1, y1, …]; all randomness from `rng`. */
  sample(n: number, rng: Rng): Float32Array;
  /** GMM presets: the exact law, so the app can draw the exact density and tests can use closed forms. */
  readonly gmm?: GmmSpec;
}
