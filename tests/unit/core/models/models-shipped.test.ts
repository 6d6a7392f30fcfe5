// The shipped models (public/models/): each loads from disk with no network, its card is valid and within
// its bound, and base samples drawn now, compared with fresh draws of the current data set, are within the
// bound of that data set (2 × the noise floor recorded by `npm run train-models`; core/train/evaluate.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { loadModelWithCard, MODELS_DIR } from '../../../../src/cli/models';
import { datasetByName } from '../../../../src/core/datasets/registry';
import { DEFAULT_QUALITY_OPTIONS, modelEnergy, QUALITY_BOUND_FACTOR } from '../../../../src/core/train/evaluate';

const REQUIRED = ['gmm-fixture', 'gmm-ring8', 'moons', 'spiral', 'rings', 'checkerboard', 'line'];
const index = JSON.parse(readFileSync(path.join(MODELS_DIR, 'index.json'), 'utf8')) as Array<{ name: string; dataset: string }>;

beforeAll(async () => {
  await useNodeBackend('wasm');
});

afterAll(async () => {
  await useNodeBackend('cpu');
});

describe('shipped models', () => {
  it('index.json lists every required model', () => {
    const names = index.map((m) => m.name);
    for (const name of REQUIRED) expect(names).toContain(name);
  });

  it.each(index.map((m) => [m.name] as const))('%s: base samples are within 2× the noise floor of its data set', async (name) => {
    const before = tf.memory().numTensors;
    const { card, denoiser } = await loadModelWithCard(name);
    const dataset = datasetByName(card.dataset);
    expect(card.quality).toBeDefined();
    const recorded = card.quality!;
    expect(recorded.energyDistance).toBeLessThanOrEqual(recorded.bound);
    expect(recorded.bound).toBeCloseTo(QUALITY_BOUND_FACTOR * recorded.noiseFloor, 12);
    const measured = await modelEnergy(denoiser, dataset, {
      ...DEFAULT_QUALITY_OPTIONS,
      samples: recorded.samples,
      samplerSteps: recorded.samplerSteps,
      seed: recorded.seed,
      modelRepeats: recorded.modelRepeats,
      floorRepeats: recorded.floorRepeats,
    });
    denoiser.dispose();
    expect(measured).toBeLessThanOrEqual(recorded.bound);
    // The same seeds on the same backend reproduce the card's number (float32 rounding aside).
    expect(Math.abs(measured - recorded.energyDistance)).toBeLessThan(0.25 * recorded.noiseFloor);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(index.filter((m) => datasetByName(m.dataset).gmm).map((m) => [m.name] as const))(
    '%s: its card records the KL-tilt comparison (λ = 1, linear shift) within 2× the floor of the exact denoiser',
    async (name) => {
      const { card, denoiser } = await loadModelWithCard(name);
      denoiser.dispose();
      const tilt = card.tilt!;
      expect(tilt).toBeDefined();
      expect(tilt.lambda).toBe(1);
      // The exact GMM denoiser through the same DDPM sampler carries the discretisation error; the learned
      // model may add at most two noise floors to it.
      expect(tilt.energyDistance).toBeLessThanOrEqual(tilt.exactDenoiserEnergyDistance + 2 * tilt.noiseFloor);
    },
  );
});
