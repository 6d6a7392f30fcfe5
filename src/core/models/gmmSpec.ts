/** A scenario's analytic model field as the GmmSpec that models, exact formulas and fine-tuning take. */
import type { ModelSpec } from '../scenario';
import type { GmmSpec, Mat2, Vec2 } from '../types';

export type GmmModelSpec = Extract<ModelSpec, { kind: 'gmm' }>;

/** The mixture as written in the scenario (weights not yet normalised: models/gmm.ts `normalisedGmm` does that). */
export function gmmSpecOf(model: GmmModelSpec): GmmSpec {
  return { weights: model.weights, means: model.means as Vec2[], covs: model.covs as Mat2[] };
}
