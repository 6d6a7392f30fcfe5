/**
 * The reward r: one preset per kind (from the reward descriptors), the chosen kind's controls (components/rewards/),
 * and the canvas click that moves a quadratic reward's target point (handled by the canvas, stored here).
 */
import { rewardSpecOf } from '../../core/scenario';
import type { RewardSpec } from '../../core/scenario';
import { REWARD_PRESETS } from '../../view/presets';
import { actions } from '../actions';
import { useApp } from '../store';
import { Select } from './controls';
import { rewardControls } from './rewards';

function setReward(reward: RewardSpec): void {
  actions.updateScenario((s) => ({ ...s, reward }));
}

export function RewardPanel() {
  const reward = useApp((s) => s.scenario.reward);
  return (
    <section className="panel" aria-labelledby="reward-heading">
      <h2 id="reward-heading">Reward r</h2>
      <Select
        label="Kind"
        value={reward.kind}
        options={REWARD_PRESETS.map((p) => ({ value: p.reward.kind, label: p.label }))}
        onChange={(kind) => {
          const preset = REWARD_PRESETS.find((p) => p.reward.kind === kind);
          if (preset) setReward(preset.reward);
        }}
        testId="reward-select"
        hint={rewardSpecOf(reward.kind).hint}
      />
      {rewardControls(reward.kind)({ reward, onChange: setReward })}
    </section>
  );
}
