/**
 * The update both VMPO variants share (§6.4): per-step log-weights log w_k(θ) = c_k − log π_θ,k, where c_k holds
 * everything θ does not touch (potentials, reference log-prob, for R2G the later steps), regressed on the baseline:
 *   θ-loss: mean_{k,i} (log w_k − sg[M_φ(t_k)])² + β_KL · mean_{k,i} ‖m_θ − m_ref‖²/(2σ̃²)
 *   φ-loss: 0.01 · mean_{k,i} (sg[log w_k] − M_φ(t_k))²
 * The gradient reaches θ only through −log π_θ,k at the stored transitions: a per-step policy gradient with
 * advantage 2(log w_k − M_φ). The two losses have disjoint variables and their own Adam optimisers; log w_k for the
 * φ-loss is taken at the θ before the step, as in the sum of both losses.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Denoiser } from '../types';
import { baselineLoss } from './baseline';
import { TimeBaseline } from './baseline';
import { gradientStep } from './optimise';
import { equalVarianceKl, gaussianLogProb, stepMean } from './stepTerms';
import type { TrajectoryBatch } from './trajectories';

/** The θ-loss, and the per-step log w_k it used (kept tensors, [N] each, for the caller to read and dispose). */
export function logVariancePolicyLoss(
  policy: Denoiser,
  batch: TrajectoryBatch,
  offsets: Float32Array[],
  baselineValues: ArrayLike<number>,
  klWeight: number,
): { loss: tf.Scalar; logWeights: tf.Tensor1D[] } {
  const logWeights: tf.Tensor1D[] = [];
  const loss = tf.tidy(() => {
    const terms = batch.steps.map((r, j) => {
      const m = stepMean(policy, r.x, r.t, r.s);
      const logW = tf.sub(tf.tensor1d(offsets[j]), gaussianLogProb(r.next, m, r.variance)) as tf.Tensor1D;
      logWeights.push(tf.keep(logW));
      const fit = tf.mean(tf.square(tf.sub(logW, baselineValues[j])));
      return klWeight > 0 ? tf.add(fit, tf.mul(tf.mean(equalVarianceKl(m, r.refMean, r.variance)), klWeight)) : fit;
    });
    return tf.div(tf.addN(terms), batch.steps.length) as tf.Scalar;
  });
  return { loss, logWeights };
}

export interface LogVarianceStepArgs {
  policy: Denoiser & { trainableVariables(): tf.Variable[] };
  baseline: TimeBaseline;
  optimizer: tf.Optimizer;
  baselineOptimizer: tf.Optimizer;
  batch: TrajectoryBatch;
  offsets: Float32Array[];
  klWeight: number;
  gradClip: number | null;
}

/** One optimiser step of θ and one of φ; returns the value of the summed loss before the step. */
export async function logVarianceStep(a: LogVarianceStepArgs): Promise<number> {
  const ts = a.batch.steps.map((r) => r.t);
  const mT = a.baseline.values(ts);
  const M = Array.from(await mT.data());
  mT.dispose();
  let kept: tf.Tensor1D[] = [];
  const policyStep = await gradientStep(
    () => {
      const { loss, logWeights } = logVariancePolicyLoss(a.policy, a.batch, a.offsets, M, a.klWeight);
      kept = logWeights;
      return loss;
    },
    a.policy.trainableVariables(),
    a.optimizer,
    a.gradClip,
  );
  const logW: Float32Array[] = [];
  for (const t of kept) {
    logW.push((await t.data()) as Float32Array);
    t.dispose();
  }
  const baselineStep = await gradientStep(() => baselineLoss(a.baseline, ts, logW), a.baseline.variables, a.baselineOptimizer, a.gradClip);
  return policyStep.loss + baselineStep.loss;
}

/**
 * The method instance both VMPO variants create: a fresh M_φ(t) with its own Adam optimiser, and per update the
 * per-step constants c_k from `offsets` (Tweedie potentials for Diff, reward-to-go for R2G) followed by `steps`
 * calls of logVarianceStep. Returns the loss at the first of them.
 */
export function logVarianceInstance(args: {
  policy: LogVarianceStepArgs['policy'];
  optimizer: tf.Optimizer;
  seed: number;
  baselineLearningRate: number;
  steps: number;
  klWeight: number;
  gradClip: number | null;
  offsets: (batch: TrajectoryBatch, beta: number) => Float32Array[];
}): { update(input: { batch: TrajectoryBatch; beta: number }): Promise<number>; dispose(): void } {
  const baseline = TimeBaseline.create(args.seed);
  const baselineOptimizer = tf.train.adam(args.baselineLearningRate);
  return {
    async update({ batch, beta }) {
      const offsets = args.offsets(batch, beta);
      let first = NaN;
      for (let j = 0; j < args.steps; j++) {
        const loss = await logVarianceStep({
          policy: args.policy,
          baseline,
          optimizer: args.optimizer,
          baselineOptimizer,
          batch,
          offsets,
          klWeight: args.klWeight,
          gradClip: args.gradClip,
        });
        if (j === 0) first = loss;
      }
      return first;
    },
    dispose() {
      baseline.dispose();
      baselineOptimizer.dispose();
    },
  };
}
