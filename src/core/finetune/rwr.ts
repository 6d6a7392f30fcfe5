/**
 * Terminal reward-weighted regression (§6.5): ε-regression on draws of the pretrained model weighted by e^{r/λ},
 *   L = mean_i w_i · mean_t ‖ε − ε_θ(α_t x0_i + σ_t ε, t)‖²,  w_i = e^{r(x0_i)/λ} / mean_pool(e^{r/λ}),
 * with x0_i from a pool of reference draws taken once at the start (the "p_old" of §6.5 is the frozen reference, so
 * the regression has the fixed point p·e^{r/λ} = q with enough capacity; re-drawing from the current policy would
 * compound the tilt every round). Weights are normalised over the whole pool, in log space. Each update uses one
 * minibatch of `batch` pool draws and `rwrTimes` noise levels t ~ U[t_min, 1] (one t per slice, as the denoiser takes
 * a scalar t); ‖·‖² sums the two dims.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import { baseSampler } from '../samplers/base';
import { alpha, sigma, T_MIN } from '../schedule';
import type { Denoiser, Reward } from '../types';
import { innerSteps } from './method';
import type { FineTuneMethod } from './method';
import { gradientStep } from './optimise';
import { METHOD_INFO } from './methodInfo';

/** One minibatch of weighted regression data. */
export interface RegressionBatch {
  /** x0 draws, [B, 2]. */
  x0: Tensor2D;
  /** Normalised weights w_i (mean 1 over the pool), length B. */
  weights: Float32Array;
  /** Noise levels, one per slice. */
  times: number[];
  /** Standard normal noise per slice, [B, 2] each. */
  noises: Tensor2D[];
}

export function rwrLoss(policy: Denoiser, data: RegressionBatch): tf.Scalar {
  return tf.tidy(() => {
    const w = tf.tensor1d(data.weights);
    const terms = data.times.map((t, j) => {
      const eps = data.noises[j];
      const xt = tf.add(tf.mul(data.x0, alpha(t)), tf.mul(eps, sigma(t))) as Tensor2D;
      return tf.mean(tf.mul(w, tf.sum(tf.square(tf.sub(eps, policy.eps(xt, t))), 1)));
    });
    return tf.div(tf.addN(terms), data.times.length) as tf.Scalar;
  });
}

/** e^{β r_i} / mean_j e^{β r_j}, computed in log space. */
export function poolWeights(rewards: ArrayLike<number>, beta: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < rewards.length; i++) max = Math.max(max, beta * rewards[i]);
  const w = new Float64Array(rewards.length);
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = Math.exp(beta * rewards[i] - max);
    total += w[i];
  }
  for (let i = 0; i < w.length; i++) w[i] *= w.length / total;
  return w;
}

/** Draws `n` samples of the reference chain (the pretrained model's output law) and their rewards. */
async function referencePool(reference: Denoiser, reward: Reward, n: number, steps: number, seed: number) {
  const run = baseSampler.run(
    { denoiser: reference, reward, particles: n, steps, eta: 1, kernel: 'ddpm', seed, emitPositions: false },
    { kind: 'base' },
  );
  let r = await run.next();
  while (!r.done) r = await run.next();
  const points = r.value.samples;
  const values = tf.tidy(() => reward.value(tf.tensor2d(points, [n, 2])));
  const rewards = (await values.data()) as Float32Array;
  values.dispose();
  return { points, rewards };
}

export const rwr: FineTuneMethod = {
  kind: 'rwr',
  label: METHOD_INFO['rwr'].label,
  defaultInnerSteps: 1,
  defaultLearningRate: 1e-3,
  groupSize: () => 1,
  async create({ policy, reference, reward, settings, optimizer }) {
    const steps = innerSteps(rwr, settings);
    const pool = await referencePool(reference, reward, settings.rwrPool, settings.steps, new Rng(settings.seed, 'finetune/rwr-pool').nextUint32());
    let cachedBeta = NaN;
    let weights: Float64Array = new Float64Array(0);
    return {
      async update({ beta, rng }) {
        if (beta !== cachedBeta) {
          weights = poolWeights(pool.rewards, beta);
          cachedBeta = beta;
        }
        const B = Math.min(settings.batch, settings.rwrPool);
        const pick = new Float32Array(2 * B);
        const w = new Float32Array(B);
        for (let i = 0; i < B; i++) {
          const j = rng.int(settings.rwrPool);
          pick[2 * i] = pool.points[2 * j];
          pick[2 * i + 1] = pool.points[2 * j + 1];
          w[i] = weights[j];
        }
        const times = Array.from({ length: settings.rwrTimes }, () => T_MIN + (1 - T_MIN) * rng.uniform());
        const data: RegressionBatch = {
          x0: tf.tensor2d(pick, [B, 2]),
          weights: w,
          times,
          noises: times.map(() => tf.tensor2d(rng.normals(2 * B), [B, 2])),
        };
        try {
          let first = NaN;
          for (let j = 0; j < steps; j++) {
            const { loss } = await gradientStep(() => rwrLoss(policy, data), policy.trainableVariables(), optimizer, settings.gradClip);
            if (j === 0) first = loss;
          }
          return first;
        } finally {
          tf.dispose([data.x0, ...data.noises]);
        }
      },
      dispose() {},
    };
  },
};
