/** The linear reward's control: its direction θ, and the switch to a target point. */
import { PointInput } from '../controls';
import { TargetSwitch } from './TargetSwitch';
import type { RewardControls } from './types';

export const LinearControls: RewardControls<'linear'> = ({ reward, onChange }) => (
  <>
    <PointInput label="Direction θ" value={reward.theta as [number, number]} min={-5} max={5} step={0.1} onChange={(theta) => onChange({ ...reward, theta })} testId="reward-theta" />
    <TargetSwitch onChange={onChange} />
  </>
);
