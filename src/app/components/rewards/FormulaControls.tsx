/** The formula reward's control: the formula box with live validation (FormulaInput). */
import { FormulaInput } from '../FormulaInput';
import type { RewardControls } from './types';

export const FormulaControls: RewardControls<'formula'> = ({ reward }) => <FormulaInput expr={reward.expr} />;
