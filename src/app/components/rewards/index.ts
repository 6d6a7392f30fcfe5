/** Every reward's controls, one line each (the reward's name, hint and preset come from its core descriptor). */
import type { RewardSpec } from '../../../core/scenario';
import { FormulaControls } from './FormulaControls';
import { LinearControls } from './LinearControls';
import { MaxLinearControls } from './MaxLinearControls';
import { QuadraticControls } from './QuadraticControls';
import type { RewardControls } from './types';

const CONTROLS: { [K in RewardSpec['kind']]: RewardControls<K> } = {
  linear: LinearControls,
  quadratic: QuadraticControls,
  'max-linear': MaxLinearControls,
  formula: FormulaControls,
};

export function rewardControls(kind: RewardSpec['kind']): RewardControls<RewardSpec['kind']> {
  return CONTROLS[kind] as RewardControls<RewardSpec['kind']>;
}
