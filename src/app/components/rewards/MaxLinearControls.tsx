/** The max-linear reward's control: a choice of piece sets (a link may carry a custom one, kept as "Custom"). */
import { Select } from '../controls';
import { TargetSwitch } from './TargetSwitch';
import type { RewardControls } from './types';

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

export const MaxLinearControls: RewardControls<'max-linear'> = ({ reward, onChange }) => {
  const current = MAX_LINEAR_PRESETS.find((p) => JSON.stringify(p.thetas) === JSON.stringify(reward.thetas));
  return (
    <>
      <Select
        label="Pieces"
        value={current?.id ?? 'custom'}
        options={[...MAX_LINEAR_PRESETS.map((p) => ({ value: p.id, label: p.label })), ...(current ? [] : [{ value: 'custom', label: 'Custom (from the link)' }])]}
        onChange={(id) => {
          const p = MAX_LINEAR_PRESETS.find((q) => q.id === id);
          if (p) onChange({ kind: 'max-linear', thetas: p.thetas, biases: p.biases });
        }}
        testId="reward-pieces"
      />
      <TargetSwitch onChange={onChange} />
    </>
  );
};
