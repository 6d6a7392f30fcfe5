/**
 * Trajectory sampling with per-step log-probabilities (§6): τ = (x_{t_K}, …, x_{t_0}) drawn from the current
 * policy π_θ_old with η = 1, keeping what every method needs afterwards:
 * - the states x_{t_k} (tensors) and, per step, the reference's step mean m_ref(x_k);
 * - log π_θ_old,k and log π_ref,k of the step actually taken (summed over the two dims, §1);
 * - the per-step KL ‖m_θ_old − m_ref‖²/(2σ̃²) (§6.3) and the Tweedie reward r(x̂0_θ_old(x_k, t_k)) (§1);
 * - the terminal reward r(x_{t_0}).
 *
 * The reward of a trajectory is taken at its last state x_{t_0} (t_min = 10⁻³, so this differs from the sampler's
 * output x̂0(x_{t_0}) by O(σ²_{t_min}) ≈ 10⁻⁴·score). Keeping r a function of τ alone makes log w(τ) depend on θ only
 * through −log π_θ, which the identity ∇½Var[log w] = ∇KL(π_θ ‖ p*) of §6.4 needs.
 *
 * Groups (GRPO, §6.2 toy mapping): `groupSize` consecutive trajectories share their starting noise x_{t_K}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { timeGrid } from '../schedule';
import { ancestralLaw, x0FromEps } from '../samplers/chain';
import type { Denoiser, Reward } from '../types';
import { equalVarianceKl, gaussianLogProb, stepMean, stepVariance } from './stepTerms';

/** One reverse step x_k → x_{k−1} of every trajectory in the batch. */
export interface StepRecord {
  /** Grid index of the step's start: the step goes from t = grid[k] to s = grid[k − 1]. */
  k: number;
  t: number;
  s: number;
  /** σ̃² of the step. */
  variance: number;
  /** x_{t_k}, [N, 2] (shared with the previous record's `next`). */
  x: Tensor2D;
  /** x_{t_{k−1}}, [N, 2]. */
  next: Tensor2D;
  /** m_ref(x_k), [N, 2]. */
  refMean: Tensor2D;
  /** m_θ_old(x_k), [N, 2]. */
  oldMean: Tensor2D;
  logProbOld: Float32Array;
  logProbRef: Float32Array;
  /** ‖m_θ_old − m_ref‖²/(2σ̃²) per trajectory. */
  kl: Float32Array;
  /** r(x̂0_θ_old(x_k, t_k)) per trajectory. */
  tweedieReward: Float32Array;
}

export interface TrajectoryBatch {
  n: number;
  groupSize: number;
  grid: number[];
  /** In sampling order: k = K first, k = 1 last. */
  steps: StepRecord[];
  /** x_{t_0}, [N, 2]. */
  terminal: Tensor2D;
  /** r(x_{t_0}) per trajectory. */
  reward: Float32Array;
}

export interface SampleOptions {
  n: number;
  steps: number;
  /** Trajectories per group sharing x_{t_K}; must divide n. Default 1. */
  groupSize?: number;
  /** Draws the starting noise. */
  init: Rng;
  /** Draws the per-step noise. */
  noise: Rng;
}

async function read(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

export async function sampleTrajectories(
  policy: Denoiser,
  reference: Denoiser,
  reward: Reward,
  opts: SampleOptions,
): Promise<TrajectoryBatch> {
  const { n, steps: K } = opts;
  const groupSize = opts.groupSize ?? 1;
  if (n % groupSize !== 0) throw new Error(`the batch (${n}) must be a multiple of the group size (${groupSize})`);
  const grid = timeGrid(K);
  const start = opts.init.normals((2 * n) / groupSize);
  const init = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const g = Math.floor(i / groupSize);
    init[2 * i] = start[2 * g];
    init[2 * i + 1] = start[2 * g + 1];
  }
  let x: Tensor2D = tf.tensor2d(init, [n, 2]);
  const records: StepRecord[] = [];
  try {
    for (let k = K; k >= 1; k--) {
      const t = grid[k];
      const s = grid[k - 1];
      const variance = stepVariance(t, s);
      const state = x;
      const { oldMean, refMean, next, tweedie } = tf.tidy(() => {
        const x0 = x0FromEps(state, policy.eps(state, t), t);
        const m = ancestralLaw(state, x0, t, s).mean;
        const z = tf.tensor2d(opts.noise.normals(2 * n), [n, 2]);
        return {
          oldMean: m,
          refMean: stepMean(reference, state, t, s),
          next: tf.add(m, tf.mul(z, Math.sqrt(variance))) as Tensor2D,
          tweedie: reward.value(x0),
        };
      });
      const record: StepRecord = {
        k,
        t,
        s,
        variance,
        x: state,
        next,
        refMean,
        oldMean,
        logProbOld: await read(gaussianLogProb(next, oldMean, variance)),
        logProbRef: await read(gaussianLogProb(next, refMean, variance)),
        kl: await read(equalVarianceKl(oldMean, refMean, variance)),
        tweedieReward: await read(tweedie),
      };
      records.push(record);
      x = next;
    }
    const terminalReward = await read(reward.value(x));
    return { n, groupSize, grid, steps: records, terminal: x, reward: terminalReward };
  } catch (e) {
    disposeTrajectories({ n, groupSize, grid, steps: records, terminal: x, reward: new Float32Array(0) });
    throw e;
  }
}

export function disposeTrajectories(batch: TrajectoryBatch): void {
  const seen = new Set<tf.Tensor>();
  const drop = (t: tf.Tensor) => {
    if (!seen.has(t) && !t.isDisposed) t.dispose();
    seen.add(t);
  };
  batch.steps.forEach((r) => {
    drop(r.x);
    drop(r.next);
    drop(r.refMean);
    drop(r.oldMean);
  });
  drop(batch.terminal);
}
