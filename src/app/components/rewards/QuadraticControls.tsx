/** The quadratic reward's controls: the target point c (also moved by a click on the canvas) and the curvature. */
import { LogSlider, PointInput } from '../controls';
import type { RewardControls } from './types';

export const QuadraticControls: RewardControls<'quadratic'> = ({ reward, onChange }) => (
  <>
    <PointInput label="Target point c" value={reward.c as [number, number]} min={-10} max={10} step={0.1} onChange={(c) => onChange({ ...reward, c })} testId="reward-c" />
    <LogSlider
      label="Curvature κ (A = κI)"
      value={reward.A[0][0]}
      min={0.05}
      max={20}
      onChange={(k) =>
        onChange({
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
);
