/**
 * The reward r: presets of each kind with their parameters, the formula box with live validation, and the
 * canvas click that moves a quadratic reward's target point (handled by the canvas, stored here).
 */
import type { RewardSpec } from '../../core/scenario';
import { REWARD_PRESETS } from '../../view/presets';
import { actions } from '../actions';
import { useApp } from '../store';
import { FormulaInput } from './FormulaInput';
import { LogSlider, PointInput, Select } from './controls';

const MAX_LINEAR_PRESETS: Array<{ id: string; label: string; thetas: Array<[number, number]>; biases: number[] }> = [
  { id: 'abs-x', label: 'Both sides: max(x, −x) = |x|', thetas: [[1, 0], [-1, 0]], biases: [0, 0] },
  {
    id: 'three-ways',
    label: 'Three directions, 120° apart',
    thetas: [
      [1, 0],
      [-0.5, 0.866],
      [-0.5, -0.866],
    ],
    biases: [0, 0, 0],
  },
  { id: 'up-or-right', label: 'Up or right: max(x, y)', thetas: [[1, 0], [0, 1]], biases: [0, 0] },
];

function setReward(reward: RewardSpec): void {
  actions.updateScenario((s) => ({ ...s, reward }));
}

function describe(reward: RewardSpec): string {
  switch (reward.kind) {
    case 'linear':
      return 'r(x) = θ·x';
    case 'quadratic':
      return 'r(x) = −½ (x − c)ᵀ A (x − c); click the canvas to move c';
    case 'max-linear':
      return 'r(x) = maxᵢ θᵢ·x + bᵢ (convex)';
    case 'formula':
      return 'Any expression in x and y; differentiable functions only.';
  }
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
        hint={describe(reward)}
      />
      {reward.kind === 'linear' && (
        <PointInput label="Direction θ" value={reward.theta as [number, number]} min={-5} max={5} step={0.1} onChange={(theta) => setReward({ ...reward, theta })} testId="reward-theta" />
      )}
      {reward.kind === 'quadratic' && (
        <>
          <PointInput label="Target point c" value={reward.c as [number, number]} min={-10} max={10} step={0.1} onChange={(c) => setReward({ ...reward, c })} testId="reward-c" />
          <LogSlider
            label="Curvature κ (A = κI)"
            value={reward.A[0][0]}
            min={0.05}
            max={20}
            onChange={(k) =>
              setReward({
                ...reward,
                A: [
                  [k, 0],
                  [0, k],
                ],
              })
            }
            testId="reward-kappa"
          />
        </>
      )}
      {reward.kind === 'max-linear' && (
        <Select
          label="Pieces"
          value={MAX_LINEAR_PRESETS.find((p) => JSON.stringify(p.thetas) === JSON.stringify(reward.thetas))?.id ?? 'custom'}
          options={[
            ...MAX_LINEAR_PRESETS.map((p) => ({ value: p.id, label: p.label })),
            ...(MAX_LINEAR_PRESETS.some((p) => JSON.stringify(p.thetas) === JSON.stringify(reward.thetas)) ? [] : [{ value: 'custom', label: 'Custom (from the link)' }]),
          ]}
          onChange={(id) => {
            const p = MAX_LINEAR_PRESETS.find((q) => q.id === id);
            if (p) setReward({ kind: 'max-linear', thetas: p.thetas, biases: p.biases });
          }}
          testId="reward-pieces"
        />
      )}
      {reward.kind === 'formula' && <FormulaInput expr={reward.expr} />}
    </section>
  );
}
