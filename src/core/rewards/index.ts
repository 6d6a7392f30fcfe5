/**
 * The reward registry, run side: one builder per reward kind, keyed by the kind of its scenario descriptor
 * (rewards/specs.ts holds the schemas, presets and checks). Adding a reward: its spec file, its builder file, one
 * line in specs.ts and one here. Builders validate their spec (FieldError naming the field) and allocate no
 * tensors; tensors exist only inside value/grad/prox.
 */
import type { RewardSpec } from '../scenario';
import type { Reward } from '../types';
import { formulaReward } from './formula';
import { linearReward } from './linear';
import { maxLinearReward } from './maxLinear';
import { quadraticReward } from './quadratic';

type RewardBuilders = { [K in RewardSpec['kind']]: (spec: Extract<RewardSpec, { kind: K }>) => Reward };

const REWARDS: RewardBuilders = {
  linear: (s) => linearReward(s.theta),
  quadratic: (s) => quadraticReward(s.A, s.c),
  'max-linear': (s) => maxLinearReward(s.thetas, s.biases),
  formula: (s) => formulaReward(s.expr),
};

export function buildReward(spec: RewardSpec): Reward {
  const build = REWARDS[spec.kind] as (s: RewardSpec) => Reward;
  return build(spec);
}

export function rewardKinds(): Array<RewardSpec['kind']> {
  return Object.keys(REWARDS) as Array<RewardSpec['kind']>;
}

export { checkFormula, formulaReward } from './formula';
export type { FormulaCheck } from './formula';
export { linearReward } from './linear';
export { maxLinearReward } from './maxLinear';
export { quadraticReward } from './quadratic';
export { assertProxWellPosed, proxLambdaThreshold } from './proxWellPosed';
