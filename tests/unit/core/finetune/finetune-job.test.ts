/**
 * A fine-tuning job document (jobSpec.ts, config.ts) and what it prepares (job.ts, target.ts): the messages a bad
 * field gets, the per-field defaults, and the policy, data law and exact target a job turns into. The target is
 * checked against §2.3's closed form for N(μ, I) and r = θ·x: q = N(μ + θ/λ, I), E_q r = θ·μ + ‖θ‖²/λ,
 * log Z = θ·μ/λ + ‖θ‖²/(2λ²).
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { parseFineTuneSettings } from '../../../../src/core/finetune/config';
import { parseFineTuneJob, prepareFineTune } from '../../../../src/core/finetune/job';
import { MlpPolicy } from '../../../../src/core/finetune/mlpPolicy';
import { ResidualPolicy } from '../../../../src/core/finetune/residualPolicy';
import { gmmFixture, gmmRing8, gmmTwo } from '../../../../src/core/datasets/gmmPresets';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { buildMlp, DEFAULT_ARCHITECTURE, MlpDenoiser } from '../../../../src/core/models/mlp';
import { FieldError } from '../../../../src/core/types';

const gmm = {
  kind: 'gmm',
  weights: [1],
  means: [[0.5, -1]],
  covs: [
    [
      [1, 0],
      [0, 1],
    ],
  ],
};
const job = { model: gmm, reward: { kind: 'linear', theta: [1, -2] }, method: 'vmpo-diff', lambda: 0.5 };

function fieldError(run: () => unknown): FieldError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(FieldError);
    return e as FieldError;
  }
  throw new Error('expected a FieldError');
}

describe('the job document: messages and defaults', () => {
  it('names the field and says what is wrong', () => {
    expect(fieldError(() => parseFineTuneJob({ ...job, lambda: 0 }))).toMatchObject({
      field: 'lambda',
      problem: 'must be > 0',
    });
    expect(fieldError(() => parseFineTuneJob({ ...job, surprise: 1, extra: 2 }))).toMatchObject({
      field: 'job',
      problem: 'unknown field(s) "surprise", "extra"',
    });
    expect(fieldError(() => parseFineTuneJob({ ...job, model: { kind: 'vae' } }))).toMatchObject({
      field: 'model.kind',
      problem: 'kind "vae" is not known; it must be one of "gmm", "mlp"',
    });
    expect(
      fieldError(() =>
        parseFineTuneJob({
          ...job,
          model: {
            ...gmm,
            means: [
              [0, 0],
              [1, 1],
            ],
          },
        }),
      ),
    ).toMatchObject({
      field: 'model.means',
      problem: 'must have one entry per weight',
    });
    expect(
      fieldError(() => parseFineTuneJob({ ...job, model: { ...gmm, covs: [gmm.covs[0], gmm.covs[0]] } })),
    ).toMatchObject({
      field: 'model.covs',
      problem: 'must have one entry per weight',
    });
    // A covariance must be symmetric positive definite and not near singular, as in a Scenario (not a λ problem).
    const covs = (c: number[][]) => ({
      ...job,
      model: {
        ...gmm,
        weights: [1, 1],
        means: [
          [0, 0],
          [1, 1],
        ],
        covs: [gmm.covs[0], c],
      },
    });
    for (const bad of [
      [
        [1, 2],
        [2, 1],
      ],
      [
        [1, 0.5],
        [0, 1],
      ],
      [
        [-1, 0],
        [0, 1],
      ],
    ])
      expect(fieldError(() => parseFineTuneJob(covs(bad)))).toMatchObject({
        field: 'model.covs.1',
        problem: 'must be symmetric positive definite',
      });
    expect(
      fieldError(() =>
        parseFineTuneJob(
          covs([
            [1e-7, 0],
            [0, 1e-7],
          ]),
        ),
      ),
    ).toMatchObject({
      field: 'model.covs.1',
      problem: 'is too close to singular',
    });
    // The limit is det < 10⁻¹²: 10⁻⁶·I, whose determinant is 10⁻¹² exactly, is accepted.
    expect(
      parseFineTuneJob(
        covs([
          [1e-6, 0],
          [0, 1e-6],
        ]),
      ).model,
    ).toMatchObject({
      covs: [
        gmm.covs[0],
        [
          [1e-6, 0],
          [0, 1e-6],
        ],
      ],
    });
    expect(fieldError(() => parseFineTuneJob({ ...job, method: 'grpo', batch: 60 }))).toMatchObject({
      field: 'groupSize',
      problem: 'must divide batch (60)',
    });
    // Only GRPO forms groups: the same batch is fine for another method.
    expect(parseFineTuneJob({ ...job, batch: 60 }).settings.batch).toBe(60);
  });

  it('settings alone: the prefix leads every path, a bad document as a whole is "finetune", unknown fields are listed', () => {
    expect(fieldError(() => parseFineTuneSettings({ method: 'grpo', lambda: 1, batch: 12 }, 'finetune'))).toMatchObject(
      {
        field: 'finetune.groupSize',
        problem: 'must divide batch (12)',
      },
    );
    expect(fieldError(() => parseFineTuneSettings({ method: 'grpo', lambda: 1, batch: 12 }))).toMatchObject({
      field: 'groupSize',
    });
    expect(fieldError(() => parseFineTuneSettings(5)).field).toBe('finetune');
    expect(fieldError(() => parseFineTuneSettings({ method: 'rwr', lambda: 1, what: 1, why: 2 }, 'ft'))).toMatchObject({
      field: 'ft',
      problem: 'unknown field(s) "what", "why"',
    });
    expect(fieldError(() => parseFineTuneSettings({ method: 'rwr', lambda: 1, rgdmCentre: 'data' })).field).toBe(
      'rgdmCentre',
    );
    expect(parseFineTuneSettings({ method: 'rgdm', lambda: 1, rgdmCentre: 'policy' }).rgdmCentre).toBe('policy');
    expect(fieldError(() => parseFineTuneSettings({ method: 'rwr', lambda: 0 }))).toMatchObject({
      field: 'lambda',
      problem: 'must be > 0',
    });
    // The seed is any 32-bit unsigned integer.
    expect(parseFineTuneSettings({ method: 'rwr', lambda: 1, seed: 2 ** 32 - 1 }).seed).toBe(4294967295);
    expect(fieldError(() => parseFineTuneSettings({ method: 'rwr', lambda: 1, seed: 2 ** 32 })).field).toBe('seed');
  });

  it('accepts values inside the documented ranges and refuses those outside', () => {
    const settings = (input: object) => parseFineTuneSettings({ method: 'vmpo-diff', lambda: 1, ...input });
    expect(settings({ learningRate: 0.01, betaWarmup: 50 })).toMatchObject({ learningRate: 0.01, betaWarmup: 50 });
    expect(fieldError(() => settings({ learningRate: 2 })).field).toBe('learningRate');
    expect(fieldError(() => settings({ betaWarmup: -1 })).field).toBe('betaWarmup');
    const parsed = parseFineTuneJob({ ...job, evalParticles: 512, targetDraws: 64 });
    expect([parsed.evalParticles, parsed.targetDraws]).toEqual([512, 64]);
    expect(parseFineTuneJob({ ...job, evalParticles: 0 }).evalParticles).toBe(0);
    for (const [field, value] of [
      ['evalParticles', -1],
      ['evalParticles', 65537],
      ['targetDraws', 15],
      ['targetDraws', 16385],
    ] as const)
      expect(fieldError(() => parseFineTuneJob({ ...job, [field]: value })).field).toBe(field);
  });

  it('fills in the documented defaults', () => {
    const parsed = parseFineTuneJob(job);
    expect(parsed.evalParticles).toBe(1024);
    expect(parsed.targetDraws).toBe(1024);
    expect(parsed.settings).toEqual({
      method: 'vmpo-diff',
      lambda: 0.5,
      updates: 100,
      batch: 64,
      steps: 10,
      seed: 1,
      clipRange: 0.2,
      groupSize: 8,
      globalStd: false,
      baselineLearningRate: 1e-2,
      betaWarmup: 0,
      gradClip: 1,
      rgdmRadius: 2,
      rgdmCandidates: 16,
      rgdmCentre: 'reference',
      rwrPool: 2048,
      rwrTimes: 8,
    });
  });
});

describe('prepareFineTune: policy, data law and exact target', () => {
  it('an analytic GMM becomes a residual policy that starts as the GMM; the target is the closed-form tilt', async () => {
    const before = tf.memory().numTensors;
    const prepared = await prepareFineTune(parseFineTuneJob({ ...job, targetDraws: 16, seed: 4 }));
    expect(prepared.policy).toBeInstanceOf(ResidualPolicy);
    expect(prepared.data).toEqual({
      weights: [1],
      means: [[0.5, -1]],
      covs: [
        [
          [1, 0],
          [0, 1],
        ],
      ],
    });
    const x = tf.tensor2d([0.2, 0.4, -1, 3], [2, 2]);
    const base = new GmmDenoiser(prepared.data!);
    const [e, eb] = [prepared.policy.eps(x, 0.3), base.eps(x, 0.3)];
    expect(Array.from(e.dataSync())).toEqual(Array.from(eb.dataSync()));
    tf.dispose([x, e, eb]);
    // θ = (1, −2), λ = 0.5: μ_q = (0.5 + 2, −1 − 4), E_q r = θ·μ + ‖θ‖²/λ = 2.5 + 10, E_p r = 2.5, log Z = 5 + 10.
    const target = prepared.target!;
    expect(target.spec.weights).toEqual([1]);
    expect(target.spec.means[0]).toEqual([expect.closeTo(2.5, 12), expect.closeTo(-5, 12)]);
    expect(target.meanReward).toBeCloseTo(12.5, 10);
    expect(target.baseMeanReward).toBeCloseTo(2.5, 12);
    expect(target.logZ).toBeCloseTo(15, 10);
    // targetDraws exact draws of q, from the job's seed.
    expect(target.draws).toHaveLength(32);
    let mx = 0;
    for (let i = 0; i < 16; i++) mx += target.draws[2 * i] / 16;
    expect(Math.abs(mx - 2.5)).toBeLessThan(4 / Math.sqrt(16));
    const other = await prepareFineTune(parseFineTuneJob({ ...job, targetDraws: 16, seed: 5 }));
    expect(Array.from(other.target!.draws)).not.toEqual(Array.from(target.draws));
    other.dispose();
    prepared.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a reward that is not a polynomial has no exact target; a tilt that does not normalise names λ and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const maxLinear = {
      kind: 'max-linear',
      thetas: [
        [1, 0],
        [-1, 0],
      ],
      biases: [0, 0],
    };
    const prepared = await prepareFineTune(parseFineTuneJob({ ...job, reward: maxLinear }));
    expect(prepared.target).toBeNull();
    expect(prepared.data).not.toBeNull();
    prepared.dispose();
    // r = −½(x − c)ᵀA(x − c) with A = −4I grows faster than N(μ, I) decays at λ = 0.5 (P + A/λ = −7I).
    const growing = {
      kind: 'quadratic',
      A: [
        [-4, 0],
        [0, -4],
      ],
      c: [0, 0],
    };
    const failure = prepareFineTune(parseFineTuneJob({ ...job, reward: growing }));
    await expect(failure).rejects.toBeInstanceOf(FieldError);
    await expect(failure).rejects.toMatchObject({
      field: 'lambda',
      problem: expect.stringMatching(/^the tilt exp\(r\/λ\) is not normalisable/),
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a learned model comes from the loader, is wrapped as an MLP policy, and carries its preset’s exact law', async () => {
    const before = tf.memory().numTensors;
    const mlpJob = (name: string) => parseFineTuneJob({ ...job, model: { kind: 'mlp', name }, targetDraws: 16 });
    const load = async (name: string) =>
      new MlpDenoiser(
        buildMlp({ ...DEFAULT_ARCHITECTURE, hidden: [4] }, 1),
        {
          mean: [0, 0],
          cov: [
            [1, 0],
            [0, 1],
          ],
        },
        name,
      );
    await expect(prepareFineTune(mlpJob('gmm-fixture'))).rejects.toMatchObject({
      field: 'model.name',
      problem: 'no model loader is available here to load "gmm-fixture"',
    });
    for (const preset of [gmmFixture, gmmTwo, gmmRing8]) {
      const prepared = await prepareFineTune(mlpJob(preset.name), load);
      expect(prepared.policy).toBeInstanceOf(MlpPolicy);
      expect(prepared.policy.name).toBe(preset.name);
      expect(prepared.data).toBe(preset.gmm);
      expect(prepared.target).not.toBeNull();
      prepared.dispose();
    }
    const unknown = await prepareFineTune(mlpJob('my-model'), load);
    expect(unknown.data).toBeNull();
    expect(unknown.target).toBeNull();
    unknown.dispose();
    // An analytic model from the loader has no weights: refused, and the loaded model released.
    const analytic = new GmmDenoiser(gmmTwo.gmm!, 'gmm-two');
    const dispose = vi.fn();
    Object.assign(analytic, { dispose });
    await expect(prepareFineTune(mlpJob('gmm-two'), async () => analytic)).rejects.toMatchObject({
      field: 'model.name',
      problem: '"gmm-two" is not a learned MLP model, so it has no weights to fine-tune',
    });
    expect(dispose).toHaveBeenCalledTimes(1);
    // A loaded model without a dispose method gets the same message.
    await expect(
      prepareFineTune(mlpJob('gmm-two'), async () => new GmmDenoiser(gmmTwo.gmm!, 'gmm-two')),
    ).rejects.toMatchObject({
      field: 'model.name',
      problem: '"gmm-two" is not a learned MLP model, so it has no weights to fine-tune',
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
