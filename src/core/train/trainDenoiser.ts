/**
 * DDPM ε-prediction training of the MLP denoiser (§1): Adam with warm-up and cosine decay, an EMA of the
 * weights, seeded batches (batch.ts, including the widened rows for the §3.2 shift), on whatever tfjs backend
 * is active. The loop is async and cancellable: it reports the loss after every step, gives the event loop a
 * turn every few tens of milliseconds (so a worker can receive a cancel message), and stops at the next step
 * once the signal is aborted, returning the model trained so far.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Variable } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from '../datasets/types';
import { buildMlp, MlpDenoiser } from '../models/mlp';
import { momentsOf } from '../models/mlpPreconditioning';
import type { DataMoments } from '../models/mlpPreconditioning';
import { Rng } from '../rng';
import { BatchBuilder, INPUT_WIDTH } from './batch';
import { WeightAverage } from './ema';
import { mlpForward } from './fastDense';
import { learningRateAt, ScheduledAdam } from './optimizer';
import { resolveTrainOptions } from './options';
import type { TrainOptions } from './options';

export interface TrainProgress {
  /** 1-based count of completed steps. */
  step: number;
  steps: number;
  loss: number;
  learningRate: number;
}

export interface TrainControl {
  onStep?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
  /** Longest stretch without yielding to the event loop (default 40 ms). */
  yieldEveryMs?: number;
}

export interface TrainResult {
  /** The layers model holding the EMA weights; owned by the caller (dispose it, or the denoiser built on it). */
  model: tfl.Sequential;
  moments: DataMoments;
  options: TrainOptions;
  stepsDone: number;
  cancelled: boolean;
  wallSeconds: number;
  /** Bias-corrected running mean of the loss (decay 0.99). */
  finalLoss: number;
  backend: string;
}

export class TrainingDivergedError extends Error {
  constructor(readonly step: number) {
    super(`training diverged (non-finite loss) at step ${step}; lower the learning rate`);
    this.name = 'TrainingDivergedError';
  }
}

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function trainDenoiser(
  dataset: Dataset,
  partial: Partial<TrainOptions> = {},
  control: TrainControl = {},
): Promise<TrainResult> {
  const options = resolveTrainOptions(partial);
  const started = performance.now();
  const root = new Rng(options.seed, `train/${dataset.name}`);
  const moments = momentsOf(dataset.sample(options.momentSamples, root.fork('moments')));
  const builder = new BatchBuilder(dataset, moments, options.batchSize, options.widening, root.fork('batches'));
  const model = buildMlp(options.architecture, options.seed);
  const weights = model.trainableWeights.map((w) => w.read() as Variable);
  const optimizer = new ScheduledAdam(options.learningRate);
  const average = new WeightAverage(weights, options.emaDecay);
  const yieldEvery = control.yieldEveryMs ?? 40;
  let lastYield = performance.now();
  let smoothed = 0;
  let stepsDone = 0;
  let cancelled = false;
  try {
    for (let step = 0; step < options.steps; step++) {
      if (control.signal?.aborted) {
        cancelled = true;
        break;
      }
      const lr = learningRateAt(step, options.steps, options.learningRate, options.warmupSteps);
      optimizer.setLearningRate(lr);
      const batch = builder.next();
      const loss = tf.tidy(() => {
        const input = tf.tensor2d(batch.input, [options.batchSize, INPUT_WIDTH]);
        const target = tf.tensor2d(batch.target, [options.batchSize, 2]);
        const lossOf = () => tf.mean(tf.squaredDifference(mlpForward(weights, input), target)) as Scalar;
        return optimizer.minimize(lossOf, true, weights) as Scalar;
      });
      average.update();
      const value = (await loss.data())[0];
      loss.dispose();
      if (!Number.isFinite(value)) throw new TrainingDivergedError(step + 1);
      stepsDone = step + 1;
      smoothed = 0.99 * smoothed + 0.01 * value;
      control.onStep?.({ step: stepsDone, steps: options.steps, loss: value, learningRate: lr });
      if (performance.now() - lastYield > yieldEvery) {
        await nextTurn();
        lastYield = performance.now();
      }
    }
    average.copyToWeights();
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    average.dispose();
    optimizer.dispose();
  }
  return {
    model,
    moments,
    options,
    stepsDone,
    cancelled,
    wallSeconds: (performance.now() - started) / 1000,
    finalLoss: stepsDone > 0 ? smoothed / (1 - Math.pow(0.99, stepsDone)) : NaN,
    backend: tf.getBackend(),
  };
}

/** A denoiser on the trained model (it takes ownership: disposing the denoiser disposes the model). */
export function denoiserOf(result: TrainResult, name: string): MlpDenoiser {
  return new MlpDenoiser(result.model, result.moments, name);
}
