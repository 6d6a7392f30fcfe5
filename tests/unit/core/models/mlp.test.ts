import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelWithCard, saveModelToDisk } from '../../../../src/cli/models';
import { matMul2, transpose2 } from '../../../../src/core/linalg2';
import type { Mat2 } from '../../../../src/core/linalg2';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { buildMlp, DEFAULT_ARCHITECTURE, loadModelFromUrl, MlpDenoiser } from '../../../../src/core/models/mlp';
import { ModelCardError, parseMlpCard } from '../../../../src/core/models/mlpCard';
import type { MlpCard } from '../../../../src/core/models/mlpCard';
import { INPUT_GAIN, skipAtTime } from '../../../../src/core/models/mlpPreconditioning';
import type { DataMoments } from '../../../../src/core/models/mlpPreconditioning';
import { logSnr, timeFeatures, TIME_FEATURE_COUNT } from '../../../../src/core/models/timeFeatures';
import { alpha, sigma2 } from '../../../../src/core/schedule';
import { mlpForward } from '../../../../src/core/train/fastDense';

const MOMENTS: DataMoments = {
  mean: [0.7, -1.2],
  cov: [
    [2.5, 0.6],
    [0.6, 0.8],
  ],
};

function points(n: number, scale = 2): Tensor2D {
  return tf.tensor2d(Array.from({ length: 2 * n }, (_, i) => scale * Math.sin(1.7 * i + 0.3)), [n, 2]);
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

function sampleCard(overrides: Record<string, unknown> = {}): unknown {
  return {
    format: 'tiltlab-mlp',
    version: 1,
    name: 'test-model',
    label: 'Test',
    description: 'a test model',
    dataset: 'moons',
    architecture: DEFAULT_ARCHITECTURE,
    parameters: 35_000,
    moments: MOMENTS,
    training: {
      steps: 10,
      batchSize: 8,
      learningRate: 1e-3,
      emaDecay: 0.99,
      seed: 1,
      widening: { fraction: 0.25, thetaMax: 2.5 },
      backend: 'cpu',
      wallSeconds: 0.1,
      finalLoss: 0.5,
    },
    ...overrides,
  };
}

describe('time features', () => {
  it('are 16 bounded sinusoids of log-SNR, distinct across t and defined for any t in (0, 1]', () => {
    const ts = [1e-4, 1e-3, 0.05, 0.37, 0.5, 0.999, 1];
    const feats = ts.map((t) => timeFeatures(t));
    for (const f of feats) {
      expect(f.length).toBe(TIME_FEATURE_COUNT);
      expect(Array.from(f).every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
      // sin² + cos² = 1 for each frequency.
      for (let j = 0; j < 8; j++) expect(f[2 * j] ** 2 + f[2 * j + 1] ** 2).toBeCloseTo(1, 6);
    }
    for (let i = 1; i < ts.length; i++) {
      const d = feats[i].reduce((s, v, j) => s + (v - feats[i - 1][j]) ** 2, 0);
      expect(d).toBeGreaterThan(1e-6);
      expect(logSnr(ts[i])).toBeLessThan(logSnr(ts[i - 1]));
    }
  });
});

describe('Gaussian skip', () => {
  it('whitens the noised data Gaussian: Wᵀ Σ_t W = g² I', () => {
    for (const t of [0.01, 0.3, 0.9]) {
      const a = alpha(t);
      const cov: Mat2 = [
        [a * a * MOMENTS.cov[0][0] + sigma2(t), a * a * MOMENTS.cov[0][1]],
        [a * a * MOMENTS.cov[1][0], a * a * MOMENTS.cov[1][1] + sigma2(t)],
      ];
      const W = skipAtTime(MOMENTS, t).whitenT;
      const I = matMul2(matMul2(transpose2(W), cov), W);
      expect(I[0][0]).toBeCloseTo(INPUT_GAIN ** 2, 9);
      expect(I[1][1]).toBeCloseTo(INPUT_GAIN ** 2, 9);
      expect(I[0][1]).toBeCloseTo(0, 10);
    }
  });

  it('an untrained MLP (zero output layer) is exactly the data Gaussian: ε and x̂₀ match the one-component GMM (§2.1)', async () => {
    const before = tf.memory().numTensors;
    const mlp = new MlpDenoiser(buildMlp(DEFAULT_ARCHITECTURE, 3), MOMENTS, 'gauss');
    const gmm = new GmmDenoiser({ weights: [1], means: [MOMENTS.mean], covs: [MOMENTS.cov] });
    const x = points(64, 3);
    for (const t of [0.002, 0.137, 0.5, 0.93]) {
      const [e1, e2, x1, x2] = [mlp.eps(x, t), gmm.eps(x, t), mlp.x0(x, t), gmm.x0(x, t)];
      expect(await maxAbsDiff(e1, e2)).toBeLessThan(2e-5);
      expect(await maxAbsDiff(x1, x2)).toBeLessThan(1e-4 * (1 + 1 / alpha(t)));
      tf.dispose([e1, e2, x1, x2]);
    }
    x.dispose();
    mlp.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('MlpDenoiser', () => {
  it('returns [N, 2] for continuous t, x̂₀ by Tweedie, and leaks no tensors', async () => {
    const model = buildMlp(DEFAULT_ARCHITECTURE, 5);
    // Give the output layer weights so the network part is not zero.
    const last = model.layers[model.layers.length - 1];
    last.setWeights([tf.randomNormal([128, 2], 0, 0.1, 'float32', 1), tf.tensor1d([0.1, -0.2])]);
    const mlp = new MlpDenoiser(model, MOMENTS, 'm');
    const x = points(33);
    const before = tf.memory().numTensors;
    for (const t of [0.001, 0.2468, 1]) {
      const eps = mlp.eps(x, t);
      const x0 = mlp.x0(x, t);
      expect(eps.shape).toEqual([33, 2]);
      const tweedie = tf.tidy(() => tf.div(tf.sub(x, tf.mul(eps, Math.sqrt(sigma2(t)))), alpha(t)));
      expect(await maxAbsDiff(x0, tweedie)).toBeLessThan(1e-4 / alpha(t));
      tf.dispose([eps, x0, tweedie]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    mlp.dispose();
  });

  it('rejects a network of the wrong shape', () => {
    const model = buildMlp({ ...DEFAULT_ARCHITECTURE, hidden: [8] }, 1);
    const card = parseMlpCard(sampleCard(), 'test');
    expect(() => MlpDenoiser.fromCard(model, card)).toThrow(/hidden layers \[8\]/);
    model.dispose();
  });
});

describe('training forward with hand-written dense gradients', () => {
  it('matches the layers model and tfjs autodiff (value and gradients)', async () => {
    const model = buildMlp({ ...DEFAULT_ARCHITECTURE, hidden: [16, 12] }, 2);
    const last = model.layers[model.layers.length - 1];
    last.setWeights([tf.randomNormal([12, 2], 0, 0.3, 'float32', 4), tf.tensor1d([0.05, -0.1])]);
    const weights = model.trainableWeights.map((w) => w.read() as Variable);
    const input = tf.randomNormal([40, 18], 0, 1, 'float32', 9) as Tensor2D;
    const target = tf.randomNormal([40, 2], 0, 1, 'float32', 10);
    const fast = tf.variableGrads(() => tf.mean(tf.squaredDifference(mlpForward(weights, input), target)) as tf.Scalar, weights);
    const reference = tf.variableGrads(
      () => tf.mean(tf.squaredDifference(model.apply(input) as tf.Tensor, target)) as tf.Scalar,
      weights,
    );
    expect(Math.abs((await fast.value.data())[0] - (await reference.value.data())[0])).toBeLessThan(1e-5);
    for (const w of weights) {
      const zero = tf.zerosLike(reference.grads[w.name]);
      const scale = await maxAbsDiff(reference.grads[w.name], zero);
      zero.dispose();
      expect(await maxAbsDiff(fast.grads[w.name], reference.grads[w.name])).toBeLessThan(1e-4 * (1 + scale));
    }
    tf.dispose([fast.value, reference.value, input, target, ...Object.values(fast.grads), ...Object.values(reference.grads)]);
    model.dispose();
  });
});

describe('model card schema', () => {
  it('accepts a complete card and names the bad field otherwise', () => {
    expect(parseMlpCard(sampleCard(), 'x').name).toBe('test-model');
    const bad: Array<[unknown, string]> = [
      [sampleCard({ format: 'keras' }), 'format'],
      [sampleCard({ moments: { mean: [0, 0], cov: [[1, 2], [2, 1]] } }), 'moments.cov'],
      [sampleCard({ moments: { mean: [0, Number.NaN], cov: MOMENTS.cov } }), 'moments.mean.1'],
      [sampleCard({ name: 'Bad Name' }), 'name'],
      [sampleCard({ architecture: { ...DEFAULT_ARCHITECTURE, activation: 'relu' } }), 'architecture.activation'],
      [sampleCard({ extra: 1 }), ''],
      [42, ''],
    ];
    for (const [json, field] of bad) {
      let error: unknown = null;
      try {
        parseMlpCard(json, 'models/x/card.json');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ModelCardError);
      expect((error as ModelCardError).field).toBe(field);
      expect((error as Error).message).toContain('models/x/card.json');
    }
  });
});

describe('saving and loading (layers format + card)', () => {
  let dir = '';
  let server: Server;
  let base = '';
  let card: MlpCard;
  let reference: MlpDenoiser;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tiltlab-models-'));
    const model = buildMlp(DEFAULT_ARCHITECTURE, 8);
    const last = model.layers[model.layers.length - 1];
    last.setWeights([tf.randomNormal([128, 2], 0, 0.2, 'float32', 3), tf.tensor1d([0.3, 0.1])]);
    card = parseMlpCard(sampleCard(), 'test');
    await saveModelToDisk(model, card, dir);
    reference = new MlpDenoiser(model, MOMENTS, 'ref');
    server = createServer(async (req, res) => {
      try {
        const body = await readFile(path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
        res.writeHead(200).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    reference.dispose();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through the Node loader with identical outputs', async () => {
    const { card: loadedCard, denoiser } = await loadModelWithCard('test-model', dir);
    expect(loadedCard).toEqual(card);
    const x = points(20);
    const [a, b] = [denoiser.eps(x, 0.4), reference.eps(x, 0.4)];
    expect(await maxAbsDiff(a, b)).toBe(0);
    tf.dispose([a, b, x]);
    denoiser.dispose();
  });

  it('round-trips through the browser loader (fetch + tf.loadLayersModel)', async () => {
    const { card: loadedCard, denoiser } = await loadModelFromUrl(`${base}/test-model/`);
    expect(loadedCard.name).toBe('test-model');
    const x = points(20);
    const [a, b] = [denoiser.eps(x, 0.7), reference.eps(x, 0.7)];
    expect(await maxAbsDiff(a, b)).toBe(0);
    tf.dispose([a, b, x]);
    denoiser.dispose();
  });

  it('a malformed card or a missing model gives a message naming the file', async () => {
    await writeFile(path.join(dir, 'test-model', 'card.json'), JSON.stringify(sampleCard({ version: 2 })));
    await expect(loadModelWithCard('test-model', dir)).rejects.toThrow(/models\/test-model\/card\.json: version/);
    await expect(loadModelFromUrl(`${base}/test-model`)).rejects.toThrow(/card\.json: version/);
    await expect(loadModelWithCard('missing', dir)).rejects.toThrow(/model "missing": cannot read missing\/card\.json/);
    await expect(loadModelFromUrl(`${base}/missing`)).rejects.toThrow(/HTTP 404/);
  });
});
