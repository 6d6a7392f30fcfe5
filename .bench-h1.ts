import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from './src/cli/backend';
import { GmmDenoiser } from './src/core/models/gmm';
import { buildReward } from './src/core/rewards/index';
import { wProxSampler } from './src/core/samplers/wProx';
import { baseSampler } from './src/core/samplers/base';
const FIX = { weights: [0.5, 0.3, 0.2], means: [[-2, 0], [2, 1], [0, -2.5]], covs: [[[0.3, 0], [0, 0.3]], [[0.4, 0.1], [0.1, 0.2]], [[0.15, 0], [0, 0.15]]] } as any;
await useNodeBackend('wasm');
async function time(s: any, p: any, reward: any) {
  const ctx = { denoiser: new GmmDenoiser(FIX), reward, particles: 4096, steps: 100, eta: 1, kernel: 'ddpm', seed: 1, emitPositions: false } as any;
  const t0 = performance.now();
  const g = s.run(ctx, p); while (!(await g.next()).done);
  return performance.now() - t0;
}
const lin = buildReward({ kind: 'linear', theta: [1, -0.5] });
const quad = buildReward({ kind: 'quadratic', A: [[2, 0], [0, 1]], c: [1, 1] });
const ml = buildReward({ kind: 'max-linear', thetas: [[1, 0], [-1, 0.5], [0, -1]], biases: [0, 0.5, 0.2] });
for (let rep = 0; rep < 3; rep++) {
  console.log('base', (await time(baseSampler, { kind: 'base' }, lin)).toFixed(0),
    'wprox-linear', (await time(wProxSampler, { kind: 'w-prox', lambda: 2 }, lin)).toFixed(0),
    'wprox-quad', (await time(wProxSampler, { kind: 'w-prox', lambda: 0.5 }, quad)).toFixed(0),
    'wprox-maxlin', (await time(wProxSampler, { kind: 'w-prox', lambda: 1 }, ml)).toFixed(0));
}
