/**
 * Training options with their defaults and limits. Invalid values raise FieldError naming `<field>.<key>`
 * (the engine passes 'train'), so a bad request from the page gets a one-line message.
 */
import { DEFAULT_ARCHITECTURE } from '../models/mlp';
import type { MlpArchitecture } from '../models/mlpCard';
import { FieldError } from '../types';
import type { Widening } from './batch';

export interface TrainOptions {
  steps: number;
  batchSize: number;
  /** Peak Adam learning rate (after warm-up; cosine decay to 5 % of it). */
  learningRate: number;
  warmupSteps: number;
  emaDecay: number;
  seed: number;
  widening: Widening;
  architecture: MlpArchitecture;
  /** Data draws used to estimate the mean and covariance of the Gaussian skip. */
  momentSamples: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  steps: 4000,
  batchSize: 512,
  learningRate: 2e-3,
  warmupSteps: 100,
  emaDecay: 0.998,
  seed: 1,
  widening: { fraction: 0.25, thetaMax: 2.5, pool: 512 },
  architecture: DEFAULT_ARCHITECTURE,
  momentSamples: 20000,
};

export const TRAIN_LIMITS = {
  steps: { min: 1, max: 200000 },
  batchSize: { min: 8, max: 8192 },
} as const;

function check(ok: boolean, field: string, problem: string): void {
  if (!ok) throw new FieldError(field, problem);
}

export function resolveTrainOptions(partial: Partial<TrainOptions> = {}, field = 'train'): TrainOptions {
  const o: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    ...partial,
    widening: { ...DEFAULT_TRAIN_OPTIONS.widening, ...partial.widening },
  };
  const int = (v: number) => Number.isInteger(v);
  check(int(o.steps) && o.steps >= TRAIN_LIMITS.steps.min && o.steps <= TRAIN_LIMITS.steps.max, `${field}.steps`,
    `must be an integer in [${TRAIN_LIMITS.steps.min}, ${TRAIN_LIMITS.steps.max}]`);
  check(int(o.batchSize) && o.batchSize >= TRAIN_LIMITS.batchSize.min && o.batchSize <= TRAIN_LIMITS.batchSize.max,
    `${field}.batchSize`, `must be an integer in [${TRAIN_LIMITS.batchSize.min}, ${TRAIN_LIMITS.batchSize.max}]`);
  check(o.learningRate > 0 && o.learningRate <= 0.1, `${field}.learningRate`, 'must be in (0, 0.1]');
  check(int(o.warmupSteps) && o.warmupSteps >= 0, `${field}.warmupSteps`, 'must be a non-negative integer');
  check(o.emaDecay >= 0 && o.emaDecay < 1, `${field}.emaDecay`, 'must be in [0, 1)');
  check(int(o.seed), `${field}.seed`, 'must be an integer');
  check(o.widening.fraction >= 0 && o.widening.fraction <= 1, `${field}.widening.fraction`, 'must be in [0, 1]');
  check(o.widening.thetaMax >= 0 && o.widening.thetaMax <= 10, `${field}.widening.thetaMax`, 'must be in [0, 10]');
  check(int(o.widening.pool) && o.widening.pool >= 1 && o.widening.pool <= 65536, `${field}.widening.pool`,
    'must be an integer in [1, 65536]');
  check(int(o.momentSamples) && o.momentSamples >= 100, `${field}.momentSamples`, 'must be an integer ≥ 100');
  return o;
}
