/**
 * The trainable models of fine-tuning, by hand: SmallMlp's seeded Glorot-uniform weights (w = (2u − 1)·√(6/(in+out))
 * from the stream's uniforms in order, zero biases, optionally a zero output layer) and its forward pass (SiLU on the
 * hidden layers only); the residual policy ε_base + f_θ(x, features(t)); the mean-shift family
 * ε_s(x, t) = ε_base(x − α_t s u, t) against the single Gaussian's closed-form ε = σ_t C_t⁻¹(x − α_t μ), C_t = α_t²Σ + σ_t²I
 * (§2.1); and the MLP policy's copy. Every copy owns its variables; nothing leaks.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MeanShiftPolicy } from '../../../../src/core/finetune/meanShiftPolicy';
import { MlpPolicy } from '../../../../src/core/finetune/mlpPolicy';
import { ResidualPolicy } from '../../../../src/core/finetune/residualPolicy';
import { SmallMlp } from '../../../../src/core/finetune/smallMlp';
import { buildMlp, DEFAULT_ARCHITECTURE, MlpDenoiser } from '../../../../src/core/models/mlp';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { timeFeatures } from '../../../../src/core/models/timeFeatures';
import { Rng } from '../../../../src/core/rng';
import { alpha, sigma } from '../../../../src/core/schedule';
import { SINGLE_GAUSSIAN } from '../../fixtures';

const X = [0.3, -1, 2, 0.5, -0.7, 0.2];

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/** Forward pass written out: rows of `input` through layers (kernel [in, out] row-major, bias), SiLU between. */
function forwardByHand(input: number[][], layers: { kernel: number[]; bias: number[] }[]): number[][] {
  return input.map((row) => {
    let h = row;
    layers.forEach(({ kernel, bias }, l) => {
      const out = bias.map((b, j) => b + h.reduce((s, v, i) => s + v * kernel[i * bias.length + j], 0));
      h = l + 1 < layers.length ? out.map((v) => v / (1 + Math.exp(-v))) : out;
    });
    return h;
  });
}

/** ε of N(μ, Σ) noised to time t: σ_t C_t⁻¹(x − α_t μ), C_t = α_t²Σ + σ_t²I. */
function singleGaussianEps(x: [number, number], t: number): [number, number] {
  const [a, s] = [alpha(t), sigma(t)];
  const [mx, my] = SINGLE_GAUSSIAN.means[0];
  const S = SINGLE_GAUSSIAN.covs[0];
  const [c11, c12, c22] = [a * a * S[0][0] + s * s, a * a * S[0][1], a * a * S[1][1] + s * s];
  const det = c11 * c22 - c12 * c12;
  const [dx, dy] = [x[0] - a * mx, x[1] - a * my];
  return [(s * (c22 * dx - c12 * dy)) / det, (s * (-c12 * dx + c11 * dy)) / det];
}

function rows(flat: number[]): [number, number][] {
  return Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);
}

describe('SmallMlp (smallMlp.ts)', () => {
  it('draws Glorot-uniform kernels from the stream in order, zero biases, and a zero output layer on request', () => {
    const before = tf.memory().numTensors;
    const net = SmallMlp.create([2, 3, 2, 1], new Rng(7, 'test/mlp'), false);
    // Six variables and not one tensor more: the initial tensors were taken over.
    expect(tf.memory().numTensors).toBe(before + 6);
    const u = new Rng(7, 'test/mlp');
    const glorot = (count: number, fanIn: number, fanOut: number) =>
      Array.from({ length: count }, () => (2 * u.uniform() - 1) * Math.sqrt(6 / (fanIn + fanOut)));
    const want = [glorot(6, 2, 3), glorot(6, 3, 2), glorot(2, 2, 1)];
    const vars = net.variables;
    expect(vars.map((v) => v.shape)).toEqual([[2, 3], [3], [3, 2], [2], [2, 1], [1]]);
    want.forEach((w, l) => {
      expect(values(vars[2 * l])).toEqual(w.map((v) => expect.closeTo(v, 6)));
      expect(values(vars[2 * l + 1])).toEqual(new Array(vars[2 * l + 1].size).fill(0));
    });
    const zero = SmallMlp.create([2, 3, 2, 1], new Rng(7, 'test/mlp'), true);
    expect(values(zero.variables[0])).toEqual(want[0].map((v) => expect.closeTo(v, 6)));
    expect(values(zero.variables[2])).toEqual(want[1].map((v) => expect.closeTo(v, 6)));
    expect(values(zero.variables[4])).toEqual([0, 0]);
    net.dispose();
    zero.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies x·W + b per layer with SiLU between the layers and none after the last; a copy is independent', () => {
    const before = tf.memory().numTensors;
    const net = SmallMlp.create([2, 3, 2, 1], new Rng(8, 'test/mlp'), false);
    // Non-zero biases, so that each bias's place in the pass shows.
    net.variables.forEach((v, i) => {
      if (i % 2 === 1) tf.tidy(() => v.assign(tf.add(v, tf.linspace(-0.4, 0.6, v.size)) as tf.Variable));
    });
    const layers = [0, 1, 2].map((l) => ({
      kernel: values(net.variables[2 * l]),
      bias: values(net.variables[2 * l + 1]),
    }));
    const x = tf.tensor2d(X, [3, 2]);
    const want = forwardByHand(rows(X), layers).flat();
    const out = net.apply(x);
    expect(out.shape).toEqual([3, 1]);
    expect(values(out)).toEqual(want.map((v) => expect.closeTo(v, 5)));
    // The copy has the same weights in variables of its own.
    const copy = net.copy();
    copy.variables.forEach((v, i) => expect(v).not.toBe(net.variables[i]));
    tf.tidy(() => net.variables[4].assign(tf.zerosLike(net.variables[4]) as tf.Variable));
    const copied = copy.apply(x);
    expect(values(copied)).toEqual(want.map((v) => expect.closeTo(v, 5)));
    // It still works once the original is released.
    net.dispose();
    const again = copy.apply(x);
    expect(values(again)).toEqual(want.map((v) => expect.closeTo(v, 5)));
    tf.dispose([x, out, copied, again]);
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('ResidualPolicy (residualPolicy.ts)', () => {
  it('starts as its base exactly, is named after it, and has two hidden layers of 64 by default', () => {
    const before = tf.memory().numTensors;
    const base = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
    const policy = ResidualPolicy.create(base, 4);
    expect(policy.name).toBe('single+residual');
    expect(policy.trainableVariables().map((v) => v.shape)).toEqual([[18, 64], [64], [64, 64], [64], [64, 2], [2]]);
    const x = tf.tensor2d(X, [3, 2]);
    const [e, eb] = [policy.eps(x, 0.3), base.eps(x, 0.3)];
    expect(values(e)).toEqual(values(eb));
    tf.dispose([x, e, eb]);
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ε = ε_base + f_θ([x, features(t)]) and x̂0 = (x − σ_t ε)/α_t, by hand; its copy predicts the same', () => {
    const before = tf.memory().numTensors;
    const base = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
    const policy = ResidualPolicy.create(base, 4, [3]);
    const [kernel0, bias0, kernel1, bias1] = policy.trainableVariables();
    tf.tidy(() => {
      kernel1.assign(tf.linspace(-0.5, 0.7, 6).reshape([3, 2]) as tf.Variable);
      bias0.assign(tf.tensor1d([0.1, -0.2, 0.3]) as tf.Variable);
      bias1.assign(tf.tensor1d([0.05, -0.15]) as tf.Variable);
    });
    const t = 0.35;
    const layers = [
      { kernel: values(kernel0), bias: values(bias0) },
      { kernel: values(kernel1), bias: values(bias1) },
    ];
    const features = Array.from(timeFeatures(t));
    const residual = forwardByHand(
      rows(X).map((r) => [...r, ...features]),
      layers,
    );
    const want = rows(X).map((r, i) => singleGaussianEps(r, t).map((v, j) => v + residual[i][j]));
    const x = tf.tensor2d(X, [3, 2]);
    const copy = policy.copy();
    const [eps, x0, copied] = [policy.eps(x, t), policy.x0(x, t), copy.eps(x, t)];
    expect(values(eps)).toEqual(want.flat().map((v) => expect.closeTo(v, 4)));
    expect(values(copied)).toEqual(want.flat().map((v) => expect.closeTo(v, 4)));
    const x0Want = rows(X).flatMap((r, i) => r.map((v, j) => (v - sigma(t) * want[i][j]) / alpha(t)));
    expect(values(x0)).toEqual(x0Want.map((v) => expect.closeTo(v, 3)));
    tf.dispose([x, eps, x0, copied]);
    policy.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('MeanShiftPolicy (meanShiftPolicy.ts)', () => {
  it('ε_s(x, t) = ε_base(x − α_t s u, t) and x̂0_s = (x − σ_t ε_s)/α_t, against the closed form; copies own their shift', async () => {
    const before = tf.memory().numTensors;
    const base = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
    const u: [number, number] = [1, -0.5];
    const s = 0.8;
    const policy = new MeanShiftPolicy(base, u, s);
    expect(policy.name).toBe('single+shift');
    expect(policy.trainableVariables()).toEqual([policy.shift]);
    const t = 0.4;
    const a = alpha(t);
    const want = rows(X).map((r) => singleGaussianEps([r[0] - a * s * u[0], r[1] - a * s * u[1]], t));
    const x = tf.tensor2d(X, [3, 2]);
    const [eps, x0] = [policy.eps(x, t), policy.x0(x, t)];
    expect(values(eps)).toEqual(want.flat().map((v) => expect.closeTo(v, 5)));
    const x0Want = rows(X).flatMap((r, i) => r.map((v, j) => (v - sigma(t) * want[i][j]) / a));
    expect(values(x0)).toEqual(x0Want.map((v) => expect.closeTo(v, 4)));
    // A start given as a tensor is copied, not taken over; the default start is s = 0.
    const start = tf.scalar(-0.3);
    const fromTensor = new MeanShiftPolicy(base, u, start);
    start.dispose();
    expect((await fromTensor.shift.data())[0]).toBeCloseTo(-0.3, 7);
    const copy = fromTensor.copy();
    expect(copy.shift).not.toBe(fromTensor.shift);
    fromTensor.dispose();
    expect((await copy.shift.data())[0]).toBeCloseTo(-0.3, 7);
    const zero = new MeanShiftPolicy(base, u);
    expect((await zero.shift.data())[0]).toBe(0);
    tf.dispose([x, eps, x0]);
    for (const p of [policy, copy, zero]) p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('MlpPolicy (mlpPolicy.ts)', () => {
  it('is the learned model itself (name, ε, x̂0, its weights), and its copy keeps the hidden widths and the weights', () => {
    const before = tf.memory().numTensors;
    const denoiser = new MlpDenoiser(
      buildMlp({ ...DEFAULT_ARCHITECTURE, hidden: [6, 4] }, 5),
      {
        mean: [0.1, 0],
        cov: [
          [1, 0],
          [0, 2],
        ],
      },
      'tiny',
    );
    const policy = new MlpPolicy(denoiser);
    expect(policy.name).toBe('tiny');
    expect(policy.trainableVariables()).toHaveLength(6);
    const copy = policy.copy();
    expect(copy.name).toBe('tiny');
    expect(copy.denoiser.moments).toEqual(denoiser.moments);
    expect(copy.trainableVariables().map((v) => v.shape)).toEqual([[18, 6], [6], [6, 4], [4], [4, 2], [2]]);
    const x = tf.tensor2d(X, [3, 2]);
    const [eps, epsD, x0, x0D, epsCopy] = [
      policy.eps(x, 0.4),
      denoiser.eps(x, 0.4),
      policy.x0(x, 0.4),
      denoiser.x0(x, 0.4),
      copy.eps(x, 0.4),
    ];
    expect(values(eps)).toEqual(values(epsD));
    expect(values(x0)).toEqual(values(x0D));
    expect(values(epsCopy)).toEqual(values(eps).map((v) => expect.closeTo(v, 6)));
    tf.dispose([x, eps, epsD, x0, x0D, epsCopy]);
    policy.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
