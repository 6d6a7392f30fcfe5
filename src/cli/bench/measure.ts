/**
 * Timing helpers for the bench: whole runs through the run API (what a user waits for) and isolated network
 * forwards. Each figure is the median of a few repetitions after a warm-up, because the machines the bench runs
 * on are shared and noisy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runScenario } from '../../core/run';
import type { RunOptions } from '../../core/run';
import type { ScenarioInput } from '../../core/scenario';
import type { Denoiser } from '../../core/types';

export interface RunTiming {
  /** Median wall time of the sampling loop (RunSummary.ms). */
  ms: number;
  /** All repetitions, in order. */
  runs: number[];
  msPerStep: number;
  method: string;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : 0.5 * (s[mid - 1] + s[mid]);
}

/** Times `reps` full runs of a scenario (after `warmup` untimed ones) and checks that no tensor leaks. */
export async function timeRuns(scenario: ScenarioInput, reps: number, opts: RunOptions = {}, warmup = 0): Promise<RunTiming> {
  for (let i = 0; i < warmup; i++) await runScenario(scenario, opts);
  const before = tf.memory().numTensors;
  const runs: number[] = [];
  let method = '';
  let steps = 1;
  for (let i = 0; i < reps; i++) {
    const result = await runScenario(scenario, opts);
    runs.push(result.summary.ms);
    method = result.summary.method;
    steps = result.scenario.steps;
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`a bench run leaked ${leaked} tensors`);
  const ms = median(runs);
  return { ms, runs, msPerStep: ms / steps, method };
}

/** Median ms of one ε forward at n points (including the read-back that ends it), after two warm-ups. */
export async function timeForward(denoiser: Denoiser, n: number, reps: number): Promise<number> {
  const x = tf.randomNormal([n, 2], 0, 1, 'float32', 1) as tf.Tensor2D;
  const times: number[] = [];
  try {
    for (let i = 0; i < reps + 2; i++) {
      const t0 = performance.now();
      const eps = denoiser.eps(x, (i + 0.5) / (reps + 2));
      await eps.data();
      eps.dispose();
      if (i >= 2) times.push(performance.now() - t0);
    }
  } finally {
    x.dispose();
  }
  return median(times);
}
