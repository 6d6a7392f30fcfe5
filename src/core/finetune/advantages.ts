/**
 * Advantages broadcast to every step of a trajectory.
 * - DDPO (§6.1): A = (r − r̄)/(sd(r) + 10⁻⁸) over the batch, clipped to [−5, 5] (`adv_clip_max`).
 * - GRPO (§6.2): A^i = (r^i − mean_group)/(std + 10⁻⁴), with the group's std or, with globalStd, the batch's.
 * Standard deviations are population ones (ddof = 0, as numpy's std in the reference codes).
 */
import { mean, variance } from '../diagnostics';

export const DDPO_ADVANTAGE_CLIP = 5;
export const DDPO_STD_EPS = 1e-8;
export const GRPO_STD_EPS = 1e-4;

export function batchAdvantages(rewards: ArrayLike<number>, clip = DDPO_ADVANTAGE_CLIP): Float64Array {
  const m = mean(rewards);
  const sd = Math.sqrt(variance(rewards));
  const out = new Float64Array(rewards.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-clip, Math.min(clip, (rewards[i] - m) / (sd + DDPO_STD_EPS)));
  return out;
}

/** Groups are consecutive runs of `groupSize` trajectories (the layout sampleTrajectories produces). */
export function groupAdvantages(rewards: ArrayLike<number>, groupSize: number, globalStd = false): Float64Array {
  const n = rewards.length;
  if (groupSize < 1 || n % groupSize !== 0) throw new Error(`the batch (${n}) must be a multiple of the group size (${groupSize})`);
  const out = new Float64Array(n);
  const batchSd = Math.sqrt(variance(rewards));
  for (let g = 0; g < n; g += groupSize) {
    const group = Array.prototype.slice.call(rewards, g, g + groupSize) as number[];
    const m = mean(group);
    const sd = globalStd ? batchSd : Math.sqrt(variance(group));
    for (let i = 0; i < groupSize; i++) out[g + i] = (group[i] - m) / (sd + GRPO_STD_EPS);
  }
  return out;
}
