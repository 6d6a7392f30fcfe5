/**
 * The model card shipped next to each learned model (public/models/<name>/card.json): what the model was
 * trained on, how, and how good it is. It also carries the data moments the denoiser's Gaussian skip needs
 * (mlpPreconditioning.ts), so a model is card + layers weights. The zod schema turns a malformed file into
 * one message naming the file and the bad field.
 */
import { z } from '../zod';
import { isSymmetricPd } from '../linalg2';
import type { Mat2 } from '../linalg2';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const vec2 = z.tuple([finite, finite]);
const mat2 = z.tuple([vec2, vec2]);
const positiveInt = z.number().int().positive();

export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const mlpArchitectureSchema = z.strictObject({
  /** Network inputs: the whitened point (2) and the time features (16, timeFeatures.ts). */
  inputs: z.literal(18),
  /** Gain on the whitened point (mlpPreconditioning.ts INPUT_GAIN). */
  inputGain: z.literal(5),
  hidden: z.array(positiveInt.max(4096)).min(1).max(8),
  activation: z.literal('swish'),
  timeFeatures: z.literal('log-snr-sincos-16'),
  /** Output parametrisation: ε = ε_Gaussian + network (mlpPreconditioning.ts). */
  output: z.literal('eps-residual-over-gaussian'),
});

export const dataMomentsSchema = z.strictObject({
  mean: vec2,
  cov: mat2.refine((c) => isSymmetricPd(c as Mat2, 1e-12), 'must be symmetric positive definite'),
});

export const trainingRecordSchema = z.strictObject({
  steps: positiveInt,
  batchSize: positiveInt,
  learningRate: finite.positive(),
  emaDecay: finite.min(0).max(1),
  seed: z.number().int(),
  /** Widened inputs (§3.2 caveat): share of each batch drawn from tilted data and shifted, and the tilt range. */
  widening: z.strictObject({ fraction: finite.min(0).max(1), thetaMax: finite.min(0) }),
  backend: z.string(),
  wallSeconds: finite.min(0),
  /** EMA of the training loss over the last steps. */
  finalLoss: finite.min(0),
});

/** Energy distance between model samples and fresh data samples, against the same-law noise floor. */
export const qualityRecordSchema = z.strictObject({
  samples: positiveInt,
  samplerSteps: positiveInt,
  seed: z.number().int(),
  /** energyDistance is the mean over this many (model sample, fresh data sample) pairs. */
  modelRepeats: positiveInt,
  floorRepeats: positiveInt,
  energyDistance: finite,
  /** Mean energy distance between pairs of fresh data samples of the same size. */
  noiseFloor: finite.positive(),
  /** The shipping bound: 2 × noiseFloor. */
  bound: finite.positive(),
});

/** GMM data sets only: KL-tilt samples of the learned model vs the closed-form tilted GMM (§2.3, §3.2). */
export const tiltRecordSchema = z.strictObject({
  method: z.literal('linear-shift'),
  /** The linear reward r(x) = ⟨theta, x⟩ (the scenario's linear reward field); the tilt is e^{r/λ}. */
  theta: vec2,
  lambda: finite.positive(),
  samples: positiveInt,
  samplerSteps: positiveInt,
  modelRepeats: positiveInt,
  energyDistance: finite,
  noiseFloor: finite.positive(),
  /** The same comparison for the exact GMM denoiser with the DDPM sampler: the discretisation share. */
  exactDenoiserEnergyDistance: finite,
});

export const mlpCardSchema = z.strictObject({
  format: z.literal('tiltlab-mlp'),
  version: z.literal(1),
  name: z.string().regex(MODEL_NAME_PATTERN, 'must be lower-case letters, digits and dashes'),
  label: z.string().min(1),
  description: z.string(),
  dataset: z.string().min(1),
  architecture: mlpArchitectureSchema,
  parameters: positiveInt,
  moments: dataMomentsSchema,
  training: trainingRecordSchema,
  /** Present on shipped models; a model trained in the page has none until it is measured. */
  quality: qualityRecordSchema.optional(),
  tilt: tiltRecordSchema.optional(),
});

export type MlpArchitecture = z.infer<typeof mlpArchitectureSchema>;
export type TrainingRecord = z.infer<typeof trainingRecordSchema>;
export type QualityRecord = z.infer<typeof qualityRecordSchema>;
export type TiltRecord = z.infer<typeof tiltRecordSchema>;
export type MlpCard = z.infer<typeof mlpCardSchema>;

export class ModelCardError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`model card ${source}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'ModelCardError';
  }
}

/** Validates a parsed card.json; throws ModelCardError naming the first bad field. */
export function parseMlpCard(json: unknown, source: string): MlpCard {
  const result = mlpCardSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ModelCardError(source, issue.path.map(String).join('.'), issue.message);
}
