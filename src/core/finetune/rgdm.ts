/**
 * RGDM, reward-guided exploration as a weighted ε-regression (§6.5, reconstructed from the abstract and reviews):
 * at each visited state x_k, M candidates x^(j) are drawn uniformly in a ball around a centre, weighted by
 * w̄ = softmax_j(r̂(x^(j))/λ) with r̂(x) = r(x̂0(x, t_{k−1})), and the step mean is regressed on them:
 *   L = (1/K) Σ_k mean_i Σ_j w̄_ij ‖x^(j) − m_θ(x_k)‖²/(2σ̃_k²).
 * Choices made here [OWN]: the radius is ρ_k = c·σ̃_k (default c = 2: a uniform 2-D ball of radius 2σ̃ has per-axis
 * variance σ̃², so for a smooth r̂ the weighted mean moves by σ̃²∇r̂/λ to first order, exactly like the tilted Gaussian
 * step); the temperature is the run's λ; and by default the ball is centred on the reference's step mean with
 * r̂ from the reference's Tweedie estimate, which gives the regression a fixed point — the per-step tilted reference
 * kernel, i.e. the reward-guided chain of §3.1 — instead of a target that keeps moving with the policy
 * (rgdmCentre = "policy" gives the literal, moving-centre version).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import type { Denoiser, Reward } from '../types';
import { innerSteps } from './method';
import type { FineTuneMethod } from './method';
import { gradientStep } from './optimise';
import { stepMean } from './stepTerms';
import type { StepRecord, TrajectoryBatch } from './trajectories';
import { METHOD_INFO } from './methodInfo';

/** Candidates [N, M, 2] and their normalised weights [N, M] for one stored step. */
export interface RegressionTargets {
  candidates: Tensor3D;
  weights: Tensor2D;
}

/** Uniform draws in the disc of radius `radius` around each row of `centre`, M per row (host noise). */
function ballCandidates(centre: Tensor2D, radius: number, m: number, rng: Rng): Tensor3D {
  const n = centre.shape[0];
  const offsets = new Float32Array(n * m * 2);
  for (let i = 0; i < n * m; i++) {
    const angle = 2 * Math.PI * rng.uniform();
    const rho = radius * Math.sqrt(rng.uniform());
    offsets[2 * i] = rho * Math.cos(angle);
    offsets[2 * i + 1] = rho * Math.sin(angle);
  }
  return tf.tidy(() => tf.add(tf.reshape(centre, [n, 1, 2]), tf.tensor3d(offsets, [n, m, 2])) as Tensor3D);
}

export function rgdmTargets(
  record: StepRecord,
  centreModel: Denoiser,
  centre: Tensor2D,
  reward: Reward,
  beta: number,
  radiusInSigmas: number,
  candidates: number,
  rng: Rng,
): RegressionTargets {
  const n = centre.shape[0];
  const points = ballCandidates(centre, radiusInSigmas * Math.sqrt(record.variance), candidates, rng);
  const weights = tf.tidy(() => {
    const flat = tf.reshape(points, [n * candidates, 2]) as Tensor2D;
    const r = reward.value(centreModel.x0(flat, record.s));
    return tf.softmax(tf.mul(tf.reshape(r, [n, candidates]), beta)) as Tensor2D;
  });
  return { candidates: points, weights };
}

export function rgdmLoss(policy: Denoiser, batch: TrajectoryBatch, targets: RegressionTargets[]): tf.Scalar {
  return tf.tidy(() => {
    const terms = batch.steps.map((r, j) => {
      const m = tf.reshape(stepMean(policy, r.x, r.t, r.s), [r.x.shape[0], 1, 2]);
      const sq = tf.sum(tf.square(tf.sub(targets[j].candidates, m)), 2);
      return tf.div(tf.mean(tf.sum(tf.mul(targets[j].weights, sq), 1)), 2 * r.variance);
    });
    return tf.div(tf.addN(terms), batch.steps.length) as tf.Scalar;
  });
}

export const rgdm: FineTuneMethod = {
  kind: 'rgdm',
  label: METHOD_INFO['rgdm'].label,
  defaultInnerSteps: 1,
  defaultLearningRate: 1e-3,
  groupSize: () => 1,
  async create({ policy, reference, reward, settings, optimizer }) {
    const steps = innerSteps(rgdm, settings);
    const fromReference = settings.rgdmCentre === 'reference';
    return {
      async update({ batch, beta, rng }) {
        const targets = batch.steps.map((r) =>
          rgdmTargets(
            r,
            fromReference ? reference : policy,
            fromReference ? r.refMean : r.oldMean,
            reward,
            beta,
            settings.rgdmRadius,
            settings.rgdmCandidates,
            rng,
          ),
        );
        try {
          let first = NaN;
          for (let j = 0; j < steps; j++) {
            const { loss } = await gradientStep(() => rgdmLoss(policy, batch, targets), policy.trainableVariables(), optimizer, settings.gradClip);
            if (j === 0) first = loss;
          }
          return first;
        } finally {
          targets.forEach((t) => tf.dispose([t.candidates, t.weights]));
        }
      },
      dispose() {},
    };
  },
};
