/**
 * Log importance weights of trajectories against the target path law p*(τ) ∝ π_ref(τ) e^{β r(x_0)}, β = 1/λ (§6.4):
 * log w(τ) = β r(x_0) + Σ_k [log π_ref,k − log π_θ,k], and its per-step decomposition with potentials Φ_k:
 * log w_k = Φ_{k−1}(x_{k−1}) − Φ_k(x_k) + log π_ref,k − log π_θ,k, Φ_0 = β r(x_0).
 * Host versions (float64) give the per-update diagnostics; tensor versions carry the gradient in θ.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D } from '@tensorflow/tfjs-core';
import type { Denoiser } from '../types';
import { equalVarianceKl, gaussianLogProb, stepMean } from './stepTerms';
import type { StepRecord, TrajectoryBatch } from './trajectories';

/** log w(τ) at θ = θ_old for every trajectory of the batch. */
export function trajectoryLogWeights(batch: TrajectoryBatch, beta: number): Float64Array {
  const out = new Float64Array(batch.n);
  for (let i = 0; i < batch.n; i++) {
    let s = beta * batch.reward[i];
    for (const r of batch.steps) s += r.logProbRef[i] - r.logProbOld[i];
    out[i] = s;
  }
  return out;
}

/** Mean over the batch of Σ_k ‖m_θ_old − m_ref‖²/(2σ̃²): the path KL(π_θ ‖ π_ref) estimate (§6.3). */
export function pathKlToReference(batch: TrajectoryBatch): number {
  let s = 0;
  for (const r of batch.steps) for (let i = 0; i < batch.n; i++) s += r.kl[i];
  return s / batch.n;
}

/** (1/K) Σ_k mean_i ‖m_θ(x_k) − m_ref(x_k)‖²/(2σ̃_k²): the per-step KL to the reference, differentiable in θ. */
export function referenceKlLoss(policy: Denoiser, batch: TrajectoryBatch): tf.Scalar {
  return tf.tidy(() => {
    const terms = batch.steps.map((r) => tf.mean(equalVarianceKl(stepMean(policy, r.x, r.t, r.s), r.refMean, r.variance)));
    return tf.div(tf.addN(terms), batch.steps.length) as tf.Scalar;
  });
}

/** log π_θ,k of the stored step as a differentiable tensor [N]. */
export function policyLogProb(policy: Denoiser, record: StepRecord): Tensor1D {
  return tf.tidy(() => gaussianLogProb(record.next, stepMean(policy, record.x, record.t, record.s), record.variance));
}

/**
 * The θ-free part of the per-step log-weights with Tweedie-reward potentials (VMPO-Diff, §6.4):
 * c_k = Φ_{k−1}(x_{k−1}) − Φ_k(x_k) + log π_ref,k with Φ_k = β r(x̂0_θ_old(x_k)) and Φ_0 = β r(x_0),
 * so that log w_k(θ) = c_k − log π_θ,k. Returned in the batch's step order (k = K first).
 */
export function tweediePotentialOffsets(batch: TrajectoryBatch, beta: number): Float32Array[] {
  return batch.steps.map((r, j) => {
    const after = j + 1 < batch.steps.length ? batch.steps[j + 1].tweedieReward : batch.reward;
    const out = new Float32Array(batch.n);
    for (let i = 0; i < batch.n; i++) out[i] = beta * (after[i] - r.tweedieReward[i]) + r.logProbRef[i];
    return out;
  });
}

/**
 * The θ-free part of the reward-to-go targets (VMPO-R2G, §6.4): g_k = β r(x_0) + Σ_{j ≤ k}[log π_ref,j − log π_θ,j]
 * with only j = k differentiated, so g_k(θ) = d_k − log π_θ,k where d_k = β r(x_0) + log π_ref,k +
 * Σ_{j < k}[log π_ref,j − log π_θ_old,j] (the later steps, taken as sampled). Batch step order (k = K first).
 */
export function rewardToGoOffsets(batch: TrajectoryBatch, beta: number): Float32Array[] {
  const K = batch.steps.length;
  const out: Float32Array[] = new Array(K);
  const later = new Float64Array(batch.n); // Σ_{j<k} over the steps after this one in sampling order
  for (let j = K - 1; j >= 0; j--) {
    const r = batch.steps[j];
    const d = new Float32Array(batch.n);
    for (let i = 0; i < batch.n; i++) {
      d[i] = beta * batch.reward[i] + r.logProbRef[i] + later[i];
      later[i] += r.logProbRef[i] - r.logProbOld[i];
    }
    out[j] = d;
  }
  return out;
}
