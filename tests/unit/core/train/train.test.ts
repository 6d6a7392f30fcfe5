import * as tf from '@tensorflow/tfjs-core';
import type { Variable } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { gmmDataset } from '../../../../src/core/datasets/gmm';
import { gmmTwo } from '../../../../src/core/datasets/gmmPresets';
import { energyDistance } from '../../../../src/core/diagnostics';
import type { Mat2, Vec2 } from '../../../../src/core/linalg2';
import { buildMlp, DEFAULT_ARCHITECTURE, MlpDenoiser } from '../../../../src/core/models/mlp';
import { Rng } from '../../../../src/core/rng';
import { BatchBuilder, INPUT_WIDTH } from '../../../../src/core/train/batch';
import { cardFor } from '../../../../src/core/train/card';
import { sampleDenoiser } from '../../../../src/core/train/evaluate';
import { learningRateAt } from '../../../../src/core/train/optimizer';
import { resolveTrainOptions } from '../../../../src/core/train/options';
import { denoiserOf, trainDenoiser } from '../../../../src/core/train/trainDenoiser';
import { FieldError } from '../../../../src/core/types';

const SMALL = { ...DEFAULT_ARCHITECTURE, hidden: [64, 64] };

beforeAll(async () => {
  await useNodeBackend('wasm');
});

afterAll(async () => {
  await useNodeBackend('cpu');
});

describe('widened batches (§3.2 identity run backwards)', () => {
  // For Gaussian data the Gaussian skip is the exact ε_p, so every residual target must have conditional
  // mean 0 given the input, also at the far, shifted inputs of widened rows. A wrong shift or a missing
  // (σ/α)θ correction makes the residual strongly correlated with the input.
  const mean: Vec2 = [0.5, -0.3];
  const cov: Mat2 = [
    [1, 0.3],
    [0.3, 0.5],
  ];
  const gauss = gmmDataset('gauss', 'Gaussian', 'one Gaussian', { weights: [1], means: [mean], covs: [cov] });

  it('residual targets have mean 0 and no correlation with the network input (4 SE)', () => {
    const builder = new BatchBuilder(gauss, { mean, cov }, 1024, { fraction: 1, thetaMax: 1.5, pool: 1024 }, new Rng(3));
    const sums = new Float64Array(2 * 3);
    const sq = new Float64Array(2 * 3);
    let n = 0;
    let maxInput = 0;
    for (let b = 0; b < 25; b++) {
      const { input, target } = builder.next();
      for (let i = 0; i < 1024; i++) {
        const z = [1, input[i * INPUT_WIDTH], input[i * INPUT_WIDTH + 1]];
        maxInput = Math.max(maxInput, Math.abs(z[1]), Math.abs(z[2]));
        for (let d = 0; d < 2; d++) {
          for (let j = 0; j < 3; j++) {
            // Products are normalised by |z_j| so the far inputs do not dominate the test statistic.
            const v = (target[2 * i + d] * z[j]) / Math.max(1, Math.abs(z[j]));
            sums[3 * d + j] += v;
            sq[3 * d + j] += v * v;
          }
        }
        n++;
      }
    }
    expect(maxInput).toBeGreaterThan(50); // widened rows really reach far outside the data
    for (let k = 0; k < 6; k++) {
      const m = sums[k] / n;
      const se = Math.sqrt((sq[k] / n - m * m) / n);
      expect(Math.abs(m)).toBeLessThan(4 * se);
    }
  });
});

describe('options', () => {
  it('validates with FieldErrors on train.*', () => {
    expect(() => resolveTrainOptions({ steps: 0 })).toThrow(FieldError);
    try {
      resolveTrainOptions({ batchSize: 3.5 });
    } catch (e) {
      expect((e as FieldError).field).toBe('train.batchSize');
    }
    expect(() => resolveTrainOptions({ widening: { fraction: 2, thetaMax: 1, pool: 10 } })).toThrow(/widening\.fraction/);
  });

  it('learning rate: linear warm-up, then cosine to 5 %', () => {
    expect(learningRateAt(0, 100, 1, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(9, 100, 1, 10)).toBeCloseTo(1, 12);
    expect(learningRateAt(10, 100, 1, 10)).toBeCloseTo(1, 12);
    expect(learningRateAt(100, 100, 1, 10)).toBeCloseTo(0.05, 12);
  });
});

describe('training loop', () => {
  it('lowers the loss and yields a usable denoiser (two-mode GMM), without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    const result = await trainDenoiser(
      gmmTwo,
      { steps: 600, batchSize: 256, architecture: SMALL, seed: 2, momentSamples: 4000 },
      { onStep: (p) => losses.push(p.loss) },
    );
    expect(losses.length).toBe(600);
    expect(result.stepsDone).toBe(600);
    expect(result.cancelled).toBe(false);
    expect(losses.every(Number.isFinite)).toBe(true);

    // Lower loss: on one held-out batch of 8192 plain rows, the trained network's squared error is below
    // the untrained one's (which is the Gaussian skip alone) by more than 4 SE of the paired differences.
    const heldOut = new BatchBuilder(gmmTwo, result.moments, 8192, { fraction: 0, thetaMax: 0, pool: 1 }, new Rng(77)).next();
    const untrainedNet = buildMlp(SMALL, 2);
    const rowErrors = (model: typeof untrainedNet) =>
      tf.tidy(() => {
        const out = model.apply(tf.tensor2d(heldOut.input, [8192, INPUT_WIDTH])) as tf.Tensor;
        return tf.sum(tf.squaredDifference(out, tf.tensor2d(heldOut.target, [8192, 2])), 1).dataSync();
      });
    const trainedErr = rowErrors(result.model);
    const untrainedErr = rowErrors(untrainedNet);
    untrainedNet.dispose();
    let d = 0;
    let d2 = 0;
    for (let i = 0; i < 8192; i++) {
      const v = untrainedErr[i] - trainedErr[i];
      d += v;
      d2 += v * v;
    }
    const meanGain = d / 8192;
    expect(meanGain).toBeGreaterThan(4 * Math.sqrt((d2 / 8192 - meanGain * meanGain) / 8192));

    // Usable: the learned model separates the two modes that its Gaussian skip alone blurs into one.
    const learned = denoiserOf(result, 'two');
    const untrained = new MlpDenoiser(buildMlp(SMALL, 2), result.moments, 'gauss-only');
    const data = gmmTwo.sample(1024, new Rng(9));
    const fromLearned = await sampleDenoiser(learned, 1024, 50, 4);
    const fromGaussian = await sampleDenoiser(untrained, 1024, 50, 4);
    const edLearned = energyDistance(fromLearned, data);
    const edGaussian = energyDistance(fromGaussian, data);
    expect(edLearned).toBeLessThan(0.2 * edGaussian);
    let right = 0;
    let nearMode = 0;
    for (let i = 0; i < 1024; i++) {
      if (fromLearned[2 * i] > 0) right++;
      if (Math.abs(Math.abs(fromLearned[2 * i]) - 2) < 1.2) nearMode++;
    }
    expect(Math.abs(right / 1024 - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 1024));
    expect(nearMode / 1024).toBeGreaterThan(0.9);

    const card = cardFor({ name: 'two', label: 'Two', description: '', dataset: 'gmm-two' }, result);
    expect(card.training.steps).toBe(600);
    expect(card.moments).toEqual(result.moments);
    learned.dispose();
    untrained.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is seeded: same seed, same weights; another seed, other weights', async () => {
    const opts = { steps: 20, batchSize: 64, architecture: SMALL, momentSamples: 500 };
    const a = await trainDenoiser(gmmTwo, { ...opts, seed: 5 });
    const b = await trainDenoiser(gmmTwo, { ...opts, seed: 5 });
    const c = await trainDenoiser(gmmTwo, { ...opts, seed: 6 });
    const flat = (r: typeof a) => r.model.getWeights().flatMap((w) => Array.from(w.dataSync()));
    expect(flat(a)).toEqual(flat(b));
    expect(flat(a)).not.toEqual(flat(c));
    [a, b, c].forEach((r) => r.model.dispose());
  });

  it('stops at the next step once cancelled, returning the model trained so far', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const result = await trainDenoiser(
      gmmTwo,
      { steps: 1000, batchSize: 64, architecture: SMALL, momentSamples: 500 },
      {
        signal: controller.signal,
        onStep: (p) => {
          if (p.step === 7) controller.abort();
        },
      },
    );
    expect(result.cancelled).toBe(true);
    expect(result.stepsDone).toBe(7);
    const weights = result.model.trainableWeights.map((w) => w.read() as Variable);
    expect(weights.every((w) => w.dataSync().every(Number.isFinite))).toBe(true);
    result.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the event loop a turn while training (a cancel message can arrive)', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await trainDenoiser(
      gmmTwo,
      { steps: 100000, batchSize: 64, architecture: SMALL, momentSamples: 500 },
      { signal: controller.signal, yieldEveryMs: 10 },
    );
    clearInterval(timer);
    expect(result.cancelled).toBe(true);
    expect(result.stepsDone).toBeLessThan(100000);
    expect(ticks).toBeGreaterThan(0);
    result.model.dispose();
  });
});
