/** The formula reward's control: the formula box with live validation (FormulaInput), and the switch to a target point. */
import { FormulaInput } from '../FormulaInput';
import { TargetSwitch } from './TargetSwitch';
import type { RewardControls } from './types';

export const FormulaControls: RewardControls<'formula'> = ({ reward, onChange }) => (
  <>
    <FormulaInput expr={reward.expr} />
    <TargetSwitch onChange={onChange} />
  </>
);
