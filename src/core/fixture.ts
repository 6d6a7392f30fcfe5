/**
 * The three-mode Gaussian mixture of algorithms.md §7: the test fixture, the app's default model and the
 * "gmm-fixture" data set. π = (.5, .3, .2), μ = (−2, 0), (2, 1), (0, −2.5), covariances 0.3·I,
 * [[0.4, 0.1], [0.1, 0.2]], 0.15·I. Defined once; everything else imports it.
 */
import type { GmmSpec } from './types';

export const FIXTURE_GMM: GmmSpec = {
  weights: [0.5, 0.3, 0.2],
  means: [
    [-2, 0],
    [2, 1],
    [0, -2.5],
  ],
  covs: [
    [
      [0.3, 0],
      [0, 0.3],
    ],
    [
      [0.4, 0.1],
      [0.1, 0.2],
    ],
    [
      [0.15, 0],
      [0, 0.15],
    ],
  ],
};

/** Deep copy, for callers that mutate or hand the spec to a schema. */
export function fixtureGmm(): GmmSpec {
  return JSON.parse(JSON.stringify(FIXTURE_GMM)) as GmmSpec;
}
