/**
 * One interface for every fine-tuning method (§6). A method is created once per run (it may own state: the VMPO
 * baseline, the RWR data pool) and is then handed one freshly sampled trajectory batch per update.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import type { Denoiser, Reward } from '../types';
import type { FineTuneSettings, MethodKind } from './config';
import type { TrainableDenoiser } from './policy';
import type { TrajectoryBatch } from './trajectories';

export interface MethodSetup {
  policy: TrainableDenoiser;
  /** The frozen pretrained model π_ref. */
  reference: Denoiser;
  reward: Reward;
  settings: FineTuneSettings;
  /** The model's optimiser (owned by the run). */
  optimizer: tf.Optimizer;
}

export interface UpdateInput {
  batch: TrajectoryBatch;
  /** β = 1/λ, possibly warmed up. */
  beta: number;
  /** A stream for the method's own randomness in this update. */
  rng: Rng;
}

export interface MethodInstance {
  /** Takes the update's optimiser steps; returns the loss at the first of them. */
  update(input: UpdateInput): Promise<number>;
  dispose(): void;
}

export interface FineTuneMethod {
  readonly kind: MethodKind;
  readonly label: string;
  /** Optimiser steps per batch when the settings leave innerSteps out. */
  readonly defaultInnerSteps: number;
  /**
   * Adam learning rate when the settings leave it out. The policy-gradient methods (DDPO, GRPO) maximise E r with no
   * fixed point at q (GRPO's KL is weak), so their rate sets how far past q a run goes; their defaults are lower.
   */
  readonly defaultLearningRate: number;
  /** Trajectories per group sharing x_{t_K} (1: independent). */
  groupSize(settings: FineTuneSettings): number;
  create(setup: MethodSetup): Promise<MethodInstance>;
}

export function innerSteps(method: FineTuneMethod, settings: FineTuneSettings): number {
  return settings.innerSteps ?? method.defaultInnerSteps;
}

export function learningRate(method: FineTuneMethod, settings: FineTuneSettings): number {
  return settings.learningRate ?? method.defaultLearningRate;
}
