/**
 * For every reward but the quadratic one: a canvas click leaves the reward alone, so this button is the one clearly
 * labelled way to replace it by a target point (the quadratic preset), whose c a click on the canvas then moves.
 */
import { rewardSpecOf } from '../../../core/scenario';
import type { RewardSpec } from '../../../core/scenario';

export function TargetSwitch(props: { onChange: (reward: RewardSpec) => void }) {
  return (
    <div className="field reward-target-switch">
      <button type="button" onClick={() => props.onChange(rewardSpecOf('quadratic').preset)} data-testid="reward-use-target">
        Replace with a target point
      </button>
      <div className="field__hint">Then click the canvas to move the target c. Until then a click on the canvas changes nothing.</div>
    </div>
  );
}
