/**
 * How good a learned model is, in one number with a yardstick:
 * - quality: energy distance between n base samples of the model (DDPM, §1) and n fresh data samples,
 *   averaged over `modelRepeats` independent pairs (model seeds seed, seed + 1, …);
 * - noise floor: the mean energy distance between two independent fresh data samples of the same size, over
 *   `floorRepeats` pairs (what a perfect model would score: the V-statistic is positive even for equal laws).
 *   Both are averages because one such distance is noisy: for n = 4096 single floor draws spread over about
 *   0.4–2.5× their mean, so a perfect model would fail a 2× bound now and then on a single draw.
 * - for GMM data: the energy distance between the model's KL-tilt samples (linear shift, §3.2) and exact draws
 *   from the closed-form tilted mixture (§2.3), next to the same for the exact GMM denoiser, which separates
 *   the network's error from the DDPM discretisation.
 * A model ships when its quality is within QUALITY_BOUND_FACTOR × its noise floor.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Dataset } from '../datasets/types';
import { energyDistance } from '../diagnostics';
import { tiltGmm } from '../exact/tilt';
import { sampleGmm } from '../exact/sample';
import type { Vec2 } from '../linalg2';
import { GmmDenoiser } from '../models/gmm';
import type { QualityRecord, TiltRecord } from '../models/mlpCard';
import { Rng } from '../rng';
import { baseSampler } from '../samplers/base';
import { linearShiftDenoiser } from '../samplers/tilts';
import type { Denoiser, Reward } from '../types';

export const QUALITY_BOUND_FACTOR = 2;

/** r ≡ 0: the base sampler needs a reward for its per-step chart values; this one costs nothing. */
export const zeroReward: Reward = {
  kind: 'linear',
  label: 'r(x) = 0',
  value: (x: Tensor2D) => tf.zeros([x.shape[0]]) as Tensor1D,
  grad: (x: Tensor2D) => tf.zerosLike(x),
  polynomial: {
    A: [
      [0, 0],
      [0, 0],
    ],
    b: [0, 0],
    c: 0,
  },
  concave: true,
  lipschitz: 0,
  smoothness: 0,
};

/** n draws of the ancestral DDPM chain (η = 1) with `steps` steps. */
export async function sampleDenoiser(denoiser: Denoiser, n: number, steps: number, seed: number): Promise<Float32Array> {
  const run = baseSampler.run(
    { denoiser, reward: zeroReward, particles: n, steps, eta: 1, kernel: 'ddpm', seed, emitPositions: false },
    { kind: 'base' },
  );
  for (;;) {
    const next = await run.next();
    if (next.done) return next.value.samples;
  }
}

/** Mean energy distance over `repeats` pairs of independent n-point samples drawn by `draw`. */
export function noiseFloor(draw: (n: number, rng: Rng) => Float32Array, n: number, repeats: number, rng: Rng): number {
  let total = 0;
  for (let r = 0; r < repeats; r++) total += energyDistance(draw(n, rng), draw(n, rng));
  return total / repeats;
}

export interface QualityOptions {
  samples: number;
  samplerSteps: number;
  seed: number;
  modelRepeats: number;
  floorRepeats: number;
}

export const DEFAULT_QUALITY_OPTIONS: QualityOptions = { samples: 4096, samplerSteps: 100, seed: 7, modelRepeats: 2, floorRepeats: 8 };

/** Mean energy distance between model samples (seeds seed, seed + 1, …) and fresh data samples. */
export async function modelEnergy(denoiser: Denoiser, dataset: Dataset, options: QualityOptions = DEFAULT_QUALITY_OPTIONS): Promise<number> {
  const dataRng = new Rng(options.seed, `quality/${dataset.name}`).fork('data');
  let energy = 0;
  for (let r = 0; r < options.modelRepeats; r++) {
    const samples = await sampleDenoiser(denoiser, options.samples, options.samplerSteps, options.seed + r);
    energy += energyDistance(samples, dataset.sample(options.samples, dataRng)) / options.modelRepeats;
  }
  return energy;
}

export async function measureQuality(
  denoiser: Denoiser,
  dataset: Dataset,
  options: QualityOptions = DEFAULT_QUALITY_OPTIONS,
): Promise<QualityRecord> {
  const energy = await modelEnergy(denoiser, dataset, options);
  const floorRng = new Rng(options.seed, `quality/${dataset.name}`).fork('floor');
  const floor = noiseFloor((n, r) => dataset.sample(n, r), options.samples, options.floorRepeats, floorRng);
  return {
    samples: options.samples,
    samplerSteps: options.samplerSteps,
    seed: options.seed,
    modelRepeats: options.modelRepeats,
    floorRepeats: options.floorRepeats,
    energyDistance: energy,
    noiseFloor: floor,
    bound: QUALITY_BOUND_FACTOR * floor,
  };
}

/**
 * KL tilt by a linear reward r = ⟨a, x⟩ at temperature λ (θ = a/λ), sampled from the learned model by the
 * linear shift (§3.2), compared with exact draws from the closed-form tilted mixture (§2.3(i)).
 */
export async function measureTilt(
  denoiser: Denoiser,
  dataset: Dataset,
  reward: { a: Vec2; lambda: number },
  options: QualityOptions = DEFAULT_QUALITY_OPTIONS,
): Promise<TiltRecord> {
  if (!dataset.gmm) throw new Error(`data set "${dataset.name}" has no closed form to compare a tilt against`);
  const theta: Vec2 = [reward.a[0] / reward.lambda, reward.a[1] / reward.lambda];
  const zero = [
    [0, 0],
    [0, 0],
  ] as [[number, number], [number, number]];
  const target = tiltGmm(dataset.gmm, { A: zero, b: reward.a, c: 0 }, reward.lambda).spec;
  const rng = new Rng(options.seed, `tilt/${dataset.name}`);
  const exactDraws = (n: number, r: Rng) => sampleGmm(target, n, r);
  const referenceRng = rng.fork('reference');
  const exactModel = new GmmDenoiser(dataset.gmm, dataset.name);
  let learned = 0;
  let exact = 0;
  for (let r = 0; r < options.modelRepeats; r++) {
    const seed = options.seed + r;
    const reference = exactDraws(options.samples, referenceRng);
    const fromLearned = await sampleDenoiser(linearShiftDenoiser(denoiser, theta), options.samples, options.samplerSteps, seed);
    const fromExact = await sampleDenoiser(linearShiftDenoiser(exactModel, theta), options.samples, options.samplerSteps, seed);
    learned += energyDistance(fromLearned, reference) / options.modelRepeats;
    exact += energyDistance(fromExact, reference) / options.modelRepeats;
  }
  return {
    method: 'linear-shift',
    theta: reward.a,
    lambda: reward.lambda,
    samples: options.samples,
    samplerSteps: options.samplerSteps,
    modelRepeats: options.modelRepeats,
    energyDistance: learned,
    noiseFloor: noiseFloor(exactDraws, options.samples, options.floorRepeats, rng.fork('floor')),
    exactDenoiserEnergyDistance: exact,
  };
}
