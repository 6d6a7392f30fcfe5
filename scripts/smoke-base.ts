import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../src/cli/backend';
import { GmmDenoiser } from '../src/core/models/gmm';
import { baseSampler } from '../src/core/samplers/base';
import { pointMean } from '../src/core/diagnostics';
import type { Reward } from '../src/core/types';

const backend = (process.argv[2] ?? 'wasm') as 'wasm' | 'cpu';
await useNodeBackend(backend);
const den = new GmmDenoiser({ weights: [0.5, 0.3, 0.2], means: [[-2, 0], [2, 1], [0, -2.5]], covs: [[[0.3, 0], [0, 0.3]], [[0.4, 0.1], [0.1, 0.2]], [[0.15, 0], [0, 0.15]]] });
const reward: Reward = { kind: 'linear', label: 'x', concave: true, value: (x) => tf.tidy(() => tf.sum(tf.mul(x, tf.tensor1d([1, -0.5])), 1)), grad: (x) => tf.tidy(() => tf.mul(tf.onesLike(x), tf.tensor1d([1, -0.5]))) };
for (const kernel of ['ddpm', 'exact'] as const) {
  const before = tf.memory().numTensors;
  const t0 = performance.now();
  const gen = baseSampler.run({ denoiser: den, reward, particles: 4096, steps: 100, eta: 1, kernel, seed: 1, emitPositions: false }, { kind: 'base' });
  let r = await gen.next();
  while (!r.done) r = await gen.next();
  console.log(backend, kernel, (performance.now() - t0).toFixed(0), 'ms', pointMean(r.value.samples), r.value.summary.meanReward, 'leak', tf.memory().numTensors - before);
}
