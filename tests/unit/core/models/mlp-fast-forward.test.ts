/**
 * The MLP's own forward (fused matmul + bias per layer, SiLU, the whitening, time features and Gaussian skip folded
 * into per-time constants) against the tfjs-layers model it reads its weights from: the same ε to float rounding
 * (≤ 1e-5 relative) on cpu and wasm, the same gradients, weight updates seen at once, and sampler runs on a learned
 * model equal to float rounding. SMC runs without resampling here: a resampling decision taken at ESS ≈ κN can flip
 * on a last-bit difference, after which the lineages differ by design.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { loadModelWithCard } from '../../../../src/cli/models';
import { buildMlp, DEFAULT_ARCHITECTURE, MlpDenoiser } from '../../../../src/core/models/mlp';
import { skipAtTime } from '../../../../src/core/models/mlpPreconditioning';
import type { DataMoments } from '../../../../src/core/models/mlpPreconditioning';
import { TIME_FEATURE_COUNT, timeFeatures } from '../../../../src/core/models/timeFeatures';
import { runScenario } from '../../../../src/core/run';
import type { ScenarioInput } from '../../../../src/core/scenario';

const MOMENTS: DataMoments = {
  mean: [0.7, -1.2],
  cov: [
    [2.5, 0.6],
    [0.6, 0.8],
  ],
};

const TIMES = [1e-3, 0.01, 0.05, 0.2, 0.37, 0.6, 0.85, 1, 0.2];

/** The previous forward: the [z, f(t)] input rows through the layers model itself (apply, as before), plus ε_G. */
function layersEps(model: tfl.LayersModel, moments: DataMoments, x: Tensor2D, t: number): Tensor2D {
  const skip = skipAtTime(moments, t);
  return tf.tidy(() => {
    const centred = tf.sub(x, tf.tensor1d(skip.center)) as Tensor2D;
    const z = tf.matMul(centred, tf.tensor2d(skip.whitenT.flat(), [2, 2]));
    const features = tf.tile(tf.tensor2d(timeFeatures(t), [1, TIME_FEATURE_COUNT]), [x.shape[0], 1]);
    const residual = model.apply(tf.concat([z, features], 1)) as Tensor2D;
    return tf.add(tf.matMul(centred, tf.tensor2d(skip.epsGainT.flat(), [2, 2])), residual) as Tensor2D;
  });
}

/** A network with every weight (the zero-initialised last layer included) perturbed, so every layer matters. */
function randomModel(seed: number): tfl.Sequential {
  const model = buildMlp(DEFAULT_ARCHITECTURE, seed);
  const perturbed = model.getWeights().map((w, i) => tf.add(w, tf.randomNormal(w.shape, 0, 0.2, 'float32', seed * 31 + i)));
  model.setWeights(perturbed);
  tf.dispose(perturbed);
  return model;
}

function randomPoints(n: number, seed: number, scale = 2.5): Tensor2D {
  return tf.randomNormal([n, 2], 0, scale, 'float32', seed) as Tensor2D;
}

async function relativeError(a: tf.Tensor, ref: tf.Tensor): Promise<number> {
  const r = tf.tidy(() => tf.div(tf.max(tf.abs(tf.sub(a, ref))), tf.maximum(tf.max(tf.abs(ref)), 1)));
  const v = (await r.data())[0];
  r.dispose();
  return v;
}

afterAll(async () => {
  await useNodeBackend('cpu');
});

describe('MLP fast forward', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`equals the layers model's own forward to float rounding (${backend})`, async () => {
      await useNodeBackend(backend);
      const model = randomModel(4);
      const den = new MlpDenoiser(model, MOMENTS, 'fast');
      const x = randomPoints(300, 9);
      const before = tf.memory().numTensors;
      for (const t of TIMES) {
        const fast = den.eps(x, t);
        const ref = layersEps(model, MOMENTS, x, t);
        expect(await relativeError(fast, ref)).toBeLessThanOrEqual(1e-5);
        // x̂₀ and denoise are Tweedie from that ε.
        const both = den.denoise(x, t);
        const x0 = den.x0(x, t);
        expect(await relativeError(both.eps, fast)).toBe(0);
        expect(await relativeError(both.x0, x0)).toBe(0);
        tf.dispose([fast, ref, both.eps, both.x0, x0]);
      }
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
      den.dispose();
      await useNodeBackend('cpu');
    });
  }

  it('sees weight updates at once (it holds the layers model’s own variables)', async () => {
    const model = randomModel(5);
    const den = new MlpDenoiser(model, MOMENTS, 'fast');
    const x = randomPoints(64, 3);
    const a = den.eps(x, 0.3);
    const next = model.getWeights().map((w) => tf.mul(w, 1.1));
    model.setWeights(next);
    tf.dispose(next);
    const b = den.eps(x, 0.3);
    const ref = layersEps(model, MOMENTS, x, 0.3);
    expect(await relativeError(b, ref)).toBeLessThanOrEqual(1e-5);
    expect(await relativeError(a, b)).toBeGreaterThan(1e-3);
    tf.dispose([a, b, ref, x]);
    den.dispose();
  });

  it('has the layers model’s gradients with respect to its weights and to x', async () => {
    const model = randomModel(6);
    const den = new MlpDenoiser(model, MOMENTS, 'fast');
    const x = randomPoints(128, 4);
    const target = randomPoints(128, 5, 1);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const loss = (eps: (x: Tensor2D) => Tensor2D) => () => tf.mean(tf.squaredDifference(eps(x), target)) as tf.Scalar;
    const fast = tf.variableGrads(loss((xi) => den.eps(xi, 0.4)), vars);
    const ref = tf.variableGrads(loss((xi) => layersEps(model, MOMENTS, xi, 0.4)), vars);
    for (const v of vars) expect(await relativeError(fast.grads[v.name], ref.grads[v.name])).toBeLessThanOrEqual(1e-4);
    const gx = tf.grad((xi: tf.Tensor) => tf.sum(den.eps(xi as Tensor2D, 0.4)))(x);
    const gxRef = tf.grad((xi: tf.Tensor) => tf.sum(layersEps(model, MOMENTS, xi as Tensor2D, 0.4)))(x);
    expect(await relativeError(gx, gxRef)).toBeLessThanOrEqual(1e-4);
    tf.dispose([fast.value, ref.value, ...Object.values(fast.grads), ...Object.values(ref.grads), gx, gxRef, x, target]);
    den.dispose();
  });

  it('gives learned-model sampler runs equal to float rounding (the shipped "moons" model)', async () => {
    /** The same network sampled through the layers model (the previous forward). */
    class LayersForward extends MlpDenoiser {
      override eps(x: Tensor2D, t: number): Tensor2D {
        return layersEps(this.model, this.moments, x, t);
      }
    }
    const fastLoader = async () => (await loadModelWithCard('moons')).denoiser;
    const slowLoader = async () => {
      const { card, denoiser } = await loadModelWithCard('moons');
      return new LayersForward(denoiser.model, card.moments, card.name);
    };
    const samplers: ScenarioInput['sampler'][] = [
      { kind: 'base' },
      { kind: 'kl-tilt', lambda: 0.7 },
      { kind: 'w-prox', lambda: 2 },
      { kind: 'smc', lambda: 0.5, essThreshold: 0 },
    ];
    for (const sampler of samplers) {
      const scenario: ScenarioInput = {
        model: { kind: 'mlp', name: 'moons' },
        reward: { kind: 'linear', theta: [1, -0.5] },
        sampler,
        particles: 256,
        steps: 20,
        seed: 3,
      };
      const fast = await runScenario(scenario, { loadModel: fastLoader });
      const slow = await runScenario(scenario, { loadModel: slowLoader });
      let worst = 0;
      fast.samples.forEach((p, i) => (worst = Math.max(worst, Math.abs(p[0] - slow.samples[i][0]), Math.abs(p[1] - slow.samples[i][1]))));
      expect(worst).toBeLessThan(1e-4);
      fast.steps.forEach((s, i) => expect(s.meanReward).toBeCloseTo(slow.steps[i].meanReward, 4));
    }
  });
});
