/**
 * The fine-tuning loop, engine-independent: an async generator of one report per update, so that a worker, the CLI
 * or a test can drive it, pause it (stop pulling), or cancel it (the `signal` flag is checked between updates; the
 * run then still evaluates and summarises what it has). `runFineTune` adds a per-update callback on top.
 *
 * Every update: sample a batch of trajectories from the current policy (η = 1, §6), measure it, hand it to the
 * method. Per-update figures are of the batch sampled at the start of the update:
 * - meanReward: mean r(x_{t_0});
 * - logWeightVar: Var_i log w(τ_i), log w = r/λ + Σ_k [log π_ref,k − log π_θ,k] (§6.4) — 0 iff the policy's path law
 *   is the target p*, whatever λ;
 * - klToReference: mean_i Σ_k ‖m_θ − m_ref‖²/(2σ̃²), the path KL(π_θ ‖ π_ref) estimate (§6.3);
 * - energyDistance: to exact draws of q when the target is known (finetune/target.ts), else null.
 * The initial and final evaluations use a larger sample and the same noise (common random numbers).
 *
 * Ownership: the policy is trained in place and stays the caller's; the reference copy, the optimisers and the
 * method's state are released when the generator finishes, fails or is returned early.
 */
import * as tf from '@tensorflow/tfjs-core';
import { energyDistance, mean, variance } from '../diagnostics';
import { Rng } from '../rng';
import type { Reward } from '../types';
import type { FineTuneSettings } from './config';
import { pathKlToReference, trajectoryLogWeights } from './logWeights';
import { assertGradientsRegistered } from '../gradients';
import type { TrainableDenoiser } from './policy';
import { learningRate } from './method';
import { methodFor } from './registry';
import type { FineTuneTarget } from './target';
import { disposeTrajectories, sampleTrajectories } from './trajectories';
import type { TrajectoryBatch } from './trajectories';

export interface FineTuneSetup {
  /** The pretrained model, trained in place (it is also copied once as the frozen reference). */
  policy: TrainableDenoiser;
  reward: Reward;
  settings: FineTuneSettings;
  /** The closed-form target when the base is a GMM data set (exactFineTuneTarget). */
  target?: FineTuneTarget | null;
  /** Trajectories of the initial and final evaluations (default 1024; 0 skips them). */
  evalParticles?: number;
  /** Checked between updates: when it reads true, the run stops and summarises. */
  signal?: { readonly aborted: boolean };
}

export interface BatchFigures {
  meanReward: number;
  logWeightVar: number;
  klToReference: number;
  energyDistance: number | null;
}

export interface UpdateReport extends BatchFigures {
  /** 1-based update index. */
  update: number;
  /** The method's loss at its first optimiser step of this update. */
  loss: number;
  /** β used by the method in this update (after warm-up). */
  beta: number;
  /** Wall time of the update. */
  ms: number;
}

export interface FineTuneSummary {
  method: string;
  label: string;
  updates: number;
  /** True when the signal stopped the run early. */
  stopped: boolean;
  initial: BatchFigures | null;
  final: BatchFigures | null;
  /** E_q r and E_p r of the exact target and data law, when known. */
  exactMeanReward?: number;
  baseMeanReward?: number;
  ms: number;
  backend: string;
}

async function measure(batch: TrajectoryBatch, beta: number, target: FineTuneTarget | null | undefined): Promise<BatchFigures> {
  const logW = trajectoryLogWeights(batch, beta);
  let distance: number | null = null;
  if (target) distance = energyDistance((await batch.terminal.data()) as Float32Array, target.draws);
  return { meanReward: mean(batch.reward), logWeightVar: variance(logW), klToReference: pathKlToReference(batch), energyDistance: distance };
}

export async function* fineTune(setup: FineTuneSetup): AsyncGenerator<UpdateReport, FineTuneSummary, void> {
  const { policy, reward, settings, target } = setup;
  assertGradientsRegistered('fine-tuning');
  const method = methodFor(settings.method);
  const evalParticles = setup.evalParticles ?? 1024;
  const fullBeta = 1 / settings.lambda;
  const root = new Rng(settings.seed, 'finetune');
  const start = performance.now();
  const reference = policy.copy();
  const optimizer = tf.train.adam(learningRate(method, settings));
  let instance: Awaited<ReturnType<typeof method.create>> | null = null;

  const evaluate = async (): Promise<BatchFigures | null> => {
    if (evalParticles <= 0) return null;
    const batch = await sampleTrajectories(policy, reference, reward, {
      n: evalParticles,
      steps: settings.steps,
      init: root.fork('eval/init'),
      noise: root.fork('eval/noise'),
    });
    try {
      return await measure(batch, fullBeta, target);
    } finally {
      disposeTrajectories(batch);
    }
  };

  try {
    instance = await method.create({ policy, reference, reward, settings, optimizer });
    const initial = await evaluate();
    let done = 0;
    let stopped = false;
    for (let u = 1; u <= settings.updates; u++) {
      if (setup.signal?.aborted) {
        stopped = true;
        break;
      }
      const t0 = performance.now();
      const beta = settings.betaWarmup > 0 ? fullBeta * Math.min(1, u / settings.betaWarmup) : fullBeta;
      const batch = await sampleTrajectories(policy, reference, reward, {
        n: settings.batch,
        steps: settings.steps,
        groupSize: method.groupSize(settings),
        init: root.fork(`update-${u}/init`),
        noise: root.fork(`update-${u}/noise`),
      });
      let report: UpdateReport;
      try {
        const figures = await measure(batch, fullBeta, target);
        const loss = await instance.update({ batch, beta, rng: root.fork(`update-${u}/method`) });
        report = { update: u, ...figures, loss, beta, ms: performance.now() - t0 };
      } finally {
        disposeTrajectories(batch);
      }
      done = u;
      yield report;
    }
    const final = await evaluate();
    const summary: FineTuneSummary = {
      method: method.kind,
      label: method.label,
      updates: done,
      stopped,
      initial,
      final,
      ms: performance.now() - start,
      backend: tf.getBackend(),
    };
    if (target) {
      summary.exactMeanReward = target.meanReward;
      summary.baseMeanReward = target.baseMeanReward;
    }
    return summary;
  } finally {
    instance?.dispose();
    optimizer.dispose();
    reference.dispose();
  }
}

export interface FineTuneControl {
  /** Called after every update; a returned promise is awaited (a pause holds the loop there). */
  onUpdate?: (report: UpdateReport) => void | Promise<void>;
}

/** Runs to the end (or until setup.signal stops it), calling onUpdate per update. */
export async function runFineTune(setup: FineTuneSetup, control: FineTuneControl = {}): Promise<FineTuneSummary> {
  const run = fineTune(setup);
  for (;;) {
    const r = await run.next();
    if (r.done) return r.value;
    await control.onUpdate?.(r.value);
  }
}
