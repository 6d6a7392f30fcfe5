/**
 * The scenario side of every reward, in the order the app offers them. `scenario.ts` builds the reward union from
 * this list; `rewards/index.ts` holds the builders. One line here per reward.
 */
import { formulaSpec } from './formula/spec';
import { linearSpec } from './linear/spec';
import { maxLinearSpec } from './maxLinear/spec';
import { quadraticSpec } from './quadratic/spec';

export const REWARD_SPECS = [linearSpec, quadraticSpec, maxLinearSpec, formulaSpec] as const;
