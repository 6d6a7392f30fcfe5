/**
 * The run API: one validated Scenario in, per-step frames out, then the samples, the per-step statistics and a
 * summary (with the exact-target figures when the analytic GMM gives them). The app's engine, the CLI, the bench
 * and the tests all run scenarios through here.
 *
 * Ownership: the run builds (or loads) the denoiser and disposes it when it ends — normally, on an error, or when
 * the consumer stops early with generator.return(). The live tensor count after a run equals the count before.
 *
 * The host registers tfjs gradients once (guidance and formula rewards use tf.grad): a bundled page or worker imports
 * '@tensorflow/tfjs-core/dist/register_all_gradients', Node imports '@tensorflow/tfjs'. Core cannot do it for both.
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildDenoiser } from './models/index';
import type { ModelLoader } from './models/index';
import { DEFAULT_EXACT_SAMPLE_CAP, exactFigures } from './run/exactSummary';
import { prepareScenario } from './run/prepare';
import type { PreparedRun } from './run/prepare';
import { samplerFor } from './samplers/registry';
import { parseScenario } from './scenario';
import type { Scenario } from './scenario';
import type { Genealogy, SampleOutput, SamplerContext, SamplerSummary, StepFrame, StepStats } from './types';

export interface RunOptions {
  /** Loads a learned model by name; it returns a fresh denoiser that the run owns and disposes. */
  loadModel?: ModelLoader;
  /** Read particle positions back every step (StepFrame.positions), for drawing. Default false. */
  emitPositions?: boolean;
  /** Max exact-target draws for the energy distance (its cost is quadratic), default 4096. */
  exactSampleCap?: number;
}

export interface RunSummary extends SamplerSummary {
  /** Wall time of the sampling loop, including any time the consumer spends between frames (model loading and the
   *  exact-target figures excluded). */
  ms: number;
  msPerStep: number;
  backend: string;
  /** E_q r of the closed-form target (§2.3, §2.5). */
  exactMeanReward?: number;
  /** Energy distance between the samples and as many (≤ exactSampleCap) exact draws of the target. */
  energyDistance?: number;
  /** W₂² transport cost of the closed-form W-prox map (§2.5). */
  exactTransportCost?: number;
  /** What the exact target is, in words. */
  target?: string;
}

export interface RunResult {
  scenario: Scenario;
  backend: string;
  /** Equally weighted draws from the sampler's output law (SMC: after its final resample). */
  samples: Array<[number, number]>;
  steps: StepStats[];
  summary: RunSummary;
  /** SMC: the weighted particles and their log-weights before the final resample. */
  weightedSamples?: Array<[number, number]>;
  logWeights?: number[];
  /** SMC: the resamplings (grid index and the ancestor of each particle after it), §5.6; see genealogyOf. */
  genealogy?: RunGenealogy;
}

/** At most this many ancestor indices (N × resamplings) are written out; beyond it only the steps are. */
export const GENEALOGY_CAP = 1 << 22;

export type RunGenealogy =
  | { steps: number[]; ancestors: number[][] }
  | { steps: number[]; ancestors: null; omitted: string };

function genealogyOf(g: Genealogy): RunGenealogy {
  const total = g.ancestors.reduce((s, a) => s + a.length, 0);
  if (total > GENEALOGY_CAP)
    return { steps: g.steps, ancestors: null, omitted: `${total} ancestor indices (N × resamplings) exceed the ${GENEALOGY_CAP} written out` };
  return { steps: g.steps, ancestors: g.ancestors.map((a) => Array.from(a)) };
}

/**
 * Validates `input` (FieldError naming the field), builds the denoiser, reward and sampler, yields one frame per
 * denoising step and returns the result. Stopping early (return()/throw() on the generator) releases everything.
 */
export async function* startRun(input: unknown, opts: RunOptions = {}): AsyncGenerator<StepFrame, RunResult, void> {
  return yield* runPrepared(prepareScenario(parseScenario(input)), opts);
}

/**
 * Runs a scenario that was validated and prepared already (run/prepare.ts): the page's engine validates on the
 * main thread and prepares once in the worker, so nothing is parsed or built twice.
 */
export async function* runPrepared(prepared: PreparedRun, opts: RunOptions = {}): AsyncGenerator<StepFrame, RunResult, void> {
  const { scenario, reward } = prepared;
  const denoiser = await buildDenoiser(scenario.model, opts.loadModel);
  try {
    const ctx: SamplerContext = {
      denoiser,
      reward,
      particles: scenario.particles,
      steps: scenario.steps,
      eta: scenario.eta,
      kernel: scenario.model.kind === 'gmm' ? scenario.model.kernel : 'ddpm',
      seed: scenario.seed,
      emitPositions: opts.emitPositions ?? false,
    };
    const start = performance.now();
    const steps: StepStats[] = [];
    const inner = samplerFor(scenario.sampler.kind).run(ctx, scenario.sampler);
    let output: SampleOutput | undefined;
    try {
      for (let r = await inner.next(); ; r = await inner.next()) {
        if (r.done) {
          output = r.value;
          break;
        }
        steps.push(r.value.stats);
        yield r.value;
      }
    } finally {
      // Stopped early (generator.return() or throw() at the yield): let the sampler's own finally blocks run.
      if (!output) await inner.return(undefined as unknown as SampleOutput);
    }
    const ms = performance.now() - start;
    return summarise(prepared, output, steps, ms, opts);
  } finally {
    denoiser.dispose?.();
  }
}

/** Runs the scenario to the end, ignoring the frames. */
export async function runScenario(input: unknown, opts: RunOptions = {}): Promise<RunResult> {
  const run = startRun(input, opts);
  for (;;) {
    const r = await run.next();
    if (r.done) return r.value;
  }
}

function summarise(
  { scenario, exact: target }: PreparedRun,
  output: SampleOutput,
  steps: StepStats[],
  ms: number,
  opts: RunOptions,
): RunResult {
  const backend = tf.getBackend();
  const summary: RunSummary = { ...output.summary, ms, msPerStep: ms / scenario.steps, backend };
  // Only the analytic GMM has a target (run/prepare.ts), and the sampler ran on that very mixture.
  if (target) {
    const { logZ, ...rest } = exactFigures(target, output.samples, scenario.seed, opts.exactSampleCap ?? DEFAULT_EXACT_SAMPLE_CAP);
    Object.assign(summary, rest);
    if (logZ !== undefined) summary.logZ = logZ;
  }
  const result: RunResult = { scenario, backend, samples: pairs(output.samples), steps, summary };
  if (output.weightedSamples) result.weightedSamples = pairs(output.weightedSamples);
  if (output.logWeights) result.logWeights = Array.from(output.logWeights);
  if (output.genealogy) result.genealogy = genealogyOf(output.genealogy);
  return result;
}

function pairs(points: Float32Array): Array<[number, number]> {
  const out: Array<[number, number]> = new Array(points.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = [points[2 * i], points[2 * i + 1]];
  return out;
}
