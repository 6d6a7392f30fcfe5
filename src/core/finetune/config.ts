/**
 * The fine-tuning settings: one zod schema (types, defaults, limits, messages), shared by the headless CLI, the
 * report script and the app's panel. Conventions (§6): target q ∝ p·e^{r/λ} with the samplers' λ (VMPO β = 1/λ);
 * policy = the per-step Gaussian with η = 1; all methods start from the pretrained model, which stays frozen as
 * the reference π_ref.
 *
 * Fields a method does not use are ignored by it (e.g. clipRange by DDPO-SF); `learningRate`, `innerSteps` and
 * `klWeight` default per method (see each method's file).
 */
import { z } from '../zod';
import { FieldError } from '../types';

import { METHOD_KINDS } from './methodInfo';
import type { MethodKind } from './methodInfo';
import { issueMessage, REPORT_INPUT } from '../issueMessage';

export { METHOD_KINDS };
export type { MethodKind };

export const fineTuneSettingsSchema = z.strictObject({
  method: z.enum(METHOD_KINDS),
  /** KL temperature λ of the target q ∝ p·e^{r/λ}. */
  lambda: z.number().gt(0, 'must be > 0').max(1e6),
  /** Number of updates (one sampled batch each). */
  updates: z.number().int().min(1).max(100000).default(100),
  /** Trajectories per update. */
  batch: z.number().int().min(2).max(8192).default(64),
  /** Sampling steps K of the fine-tuned chain (the policy has K Gaussian steps). */
  steps: z.number().int().min(2).max(200).default(10),
  /** Adam learning rate of the model (default per method, see method.ts). */
  learningRate: z.number().gt(0).max(1).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** Optimiser steps per sampled batch (default per method: 1 for DDPO-SF, RGDM and RWR, 2 for DDPO-IS, GRPO and VMPO). */
  innerSteps: z.number().int().min(1).max(64).optional(),
  /** PPO clip ε on the summed-over-dims ratio (§1 quirk: 0.1–0.2 in 2-D). */
  clipRange: z.number().gt(0).max(1).default(0.2),
  /** GRPO group size G (trajectories sharing x_{t_K}); must divide batch. */
  groupSize: z.number().int().min(2).max(8192).default(8),
  /** GRPO: normalise by the batch's std instead of the group's (`global_std`). */
  globalStd: z.boolean().default(false),
  /** Weight of the per-step KL to the reference (default: GRPO 0.04, VMPO-Diff 1.0; not used elsewhere). */
  klWeight: z.number().min(0).max(1e3).optional(),
  /** Adam learning rate of the VMPO baseline M_φ(t). */
  baselineLearningRate: z.number().gt(0).max(1).default(1e-2),
  /** β = 1/λ rises linearly from 0 over this many updates (VMPO code: 50 epochs; 0 = no warm-up). Diagnostics always use 1/λ. */
  betaWarmup: z.number().int().min(0).max(100000).default(0),
  /** Clip of the global gradient norm (null: no clipping). */
  gradClip: z.number().gt(0).nullable().default(1),
  /** RGDM: radius of the exploration ball in units of the step's σ̃ (2 matches the Gaussian step's spread). */
  rgdmRadius: z.number().gt(0).max(100).default(2),
  /** RGDM: candidates per state. */
  rgdmCandidates: z.number().int().min(2).max(256).default(16),
  /** RGDM: centre of the ball, the reference's step mean (a fixed point near q) or the sampling policy's. */
  rgdmCentre: z.enum(['reference', 'policy']).default('reference'),
  /** RWR: reference draws x_0 ~ π_ref kept as the weighted regression data. */
  rwrPool: z.number().int().min(16).max(65536).default(2048),
  /** RWR: noise levels t per update (each applied to the whole minibatch). */
  rwrTimes: z.number().int().min(1).max(64).default(8),
});

export type FineTuneSettings = z.output<typeof fineTuneSettingsSchema>;
export type FineTuneSettingsInput = z.input<typeof fineTuneSettingsSchema>;

/** Parse or throw a FieldError naming the first bad field (`prefix` is the field's path in a larger document). */
export function parseFineTuneSettings(input: unknown, prefix = ''): FineTuneSettings {
  const parsed = fineTuneSettingsSchema.safeParse(input, REPORT_INPUT);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'finetune';
    throw new FieldError(path, issueMessage(issue));
  }
  const s = parsed.data;
  const field = (name: string) => [prefix, name].filter(Boolean).join('.');
  if (s.method === 'grpo' && s.batch % s.groupSize !== 0) {
    throw new FieldError(field('groupSize'), `must divide batch (${s.batch})`);
  }
  return s;
}
