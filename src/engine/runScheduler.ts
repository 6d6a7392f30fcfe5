/**
 * The engine's run loop: up to one live run per lane (two in compare mode), advanced one denoising step at a
 * time in turn, with a yield to the message queue between steps so that a cancel or a new run is seen at
 * once. A cancelled run is closed with generator.return(), which runs the samplers' finally blocks and frees
 * their tensors; none of its frames are posted after the cancel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runPrepared } from '../core/run';
import type { PreparedRun } from '../core/run/prepare';
import { parseScenario } from '../core/scenario';
import type { Scenario } from '../core/scenario';
import type { RunOptions, RunResult } from '../core/run';
import type { Genealogy, StepFrame } from '../core/types';
import type { BackendName, ExactTargetInfo, FromEngine, Lane, RunSummary } from './messages';
import { frameStride } from './frameStride';
import { yieldToEvents } from './yieldToEvents';

interface ActiveRun {
  lane: Lane;
  runId: number;
  gen: AsyncGenerator<StepFrame, RunResult, void>;
  cancelled: boolean;
  /** The page keeps every stride-th step's positions (frameStride.ts). */
  stride: number;
  steps: number;
  /** Steps posted so far, and when positions were last posted. */
  posted: number;
  positionsAt: number;
}

/**
 * Positions beyond the ones the page keeps are sent at most this often: the page shows the newest while a run plays,
 * and a display draws no faster than this.
 */
export const DISPLAY_FRAME_MS = 16;

/**
 * Whether step `index`'s positions go to the page: every step the page keeps (every stride-th, and the last), and in
 * between no more often than the display draws. A big run (65,536 particles × 1,000 steps keeps every 8th step)
 * then sends an eighth of its positions, and a fast one never more frames than the screen can show.
 */
export function sendsPositions(run: Pick<ActiveRun, 'stride' | 'steps' | 'positionsAt'>, index: number, now: number): boolean {
  return index % run.stride === 0 || index === run.steps - 1 || now - run.positionsAt >= DISPLAY_FRAME_MS;
}

export interface RunStartInfo {
  /** The validated scenario with its reward and exact target, handed to the run as they are. */
  prepared: PreparedRun;
  /** The exact target as it is posted to the page. */
  exact: ExactTargetInfo | null;
}

export interface SchedulerHooks {
  post(message: FromEngine, transfer?: Transferable[]): void;
  runOptions(): RunOptions;
  backend(): BackendName;
  /** Builds the run's reward and exact target; throws FieldError when the target does not exist. */
  prepare(scenario: Scenario): RunStartInfo;
  /** Called when the last run ends, before the idle message. */
  onIdle(): void;
}

function fieldOf(e: unknown): string | null {
  return typeof e === 'object' && e !== null && 'field' in e && typeof (e as { field: unknown }).field === 'string'
    ? (e as { field: string }).field
    : null;
}

function problemOf(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'problem' in e) return String((e as { problem: unknown }).problem);
  return e instanceof Error ? e.message : String(e);
}

function interleaved(points: Array<[number, number]>): Float32Array {
  const out = new Float32Array(points.length * 2);
  points.forEach(([x, y], i) => {
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}

export class RunScheduler {
  private runs: ActiveRun[] = [];
  private pumping = false;

  constructor(private readonly hooks: SchedulerHooks) {}

  get busy(): boolean {
    return this.runs.length > 0 || this.pumping;
  }

  /** Starts a run of a scenario validated by the sender (the page validates once, on its main thread). */
  start(lane: Lane, runId: number, scenario: Scenario): void {
    this.cancelLane(lane);
    let info: RunStartInfo;
    try {
      info = this.hooks.prepare(scenario);
    } catch (e) {
      this.hooks.post({ type: 'run-error', lane, runId, field: fieldOf(e), problem: problemOf(e) });
      return;
    }
    const validated = info.prepared.scenario;
    this.hooks.post({ type: 'run-start', lane, runId, scenario: validated, exact: info.exact, backend: this.hooks.backend() });
    const gen = runPrepared(info.prepared, { ...this.hooks.runOptions(), emitPositions: true });
    const stride = frameStride(validated.particles, validated.steps);
    this.runs.push({ lane, runId, gen, cancelled: false, stride, steps: validated.steps, posted: 0, positionsAt: -Infinity });
    void this.pump();
  }

  /**
   * Starts a run of input nobody has checked yet (the link the entry module read before the page's validation code
   * loaded): validated here, and a bad field is reported as a run error like any other.
   */
  startUnchecked(lane: Lane, runId: number, input: unknown): void {
    let scenario: Scenario;
    try {
      scenario = parseScenario(input);
    } catch (e) {
      this.cancelLane(lane);
      this.hooks.post({ type: 'run-error', lane, runId, field: fieldOf(e), problem: problemOf(e) });
      return;
    }
    this.start(lane, runId, scenario);
  }

  cancel(runId: number): void {
    for (const run of this.runs) if (run.runId === runId) run.cancelled = true;
  }

  cancelLane(lane: Lane): void {
    for (const run of this.runs) if (run.lane === lane) run.cancelled = true;
  }

  cancelAll(): void {
    for (const run of this.runs) run.cancelled = true;
  }

  /** Resolves once every run has ended (used before switching backends). */
  async drain(): Promise<void> {
    while (this.busy) await yieldToEvents();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.runs.length > 0) {
        for (const run of [...this.runs]) {
          await this.advance(run);
          await yieldToEvents();
        }
      }
    } finally {
      this.pumping = false;
      this.hooks.onIdle();
      this.hooks.post({ type: 'idle', liveTensors: tf.memory().numTensors });
    }
  }

  private remove(run: ActiveRun): void {
    this.runs = this.runs.filter((r) => r !== run);
  }

  private async close(run: ActiveRun): Promise<void> {
    this.remove(run);
    try {
      await run.gen.return(undefined as unknown as RunResult);
    } catch {
      // The run is abandoned; an error while it unwinds (e.g. on a lost device) changes nothing for the page.
    }
    this.hooks.post({ type: 'run-cancelled', lane: run.lane, runId: run.runId });
  }

  private async advance(run: ActiveRun): Promise<void> {
    if (run.cancelled) return this.close(run);
    const t0 = performance.now();
    let step: IteratorResult<StepFrame, RunResult>;
    try {
      step = await run.gen.next();
    } catch (e) {
      this.remove(run);
      if (!run.cancelled) this.hooks.post({ type: 'run-error', lane: run.lane, runId: run.runId, field: fieldOf(e), problem: problemOf(e) });
      else this.hooks.post({ type: 'run-cancelled', lane: run.lane, runId: run.runId });
      return;
    }
    const ms = performance.now() - t0;
    if (run.cancelled) return this.close(run);
    if (step.done) {
      this.remove(run);
      const result = step.value;
      const samples = interleaved(result.samples);
      const summary: RunSummary = { ...result.summary };
      const g = result.genealogy;
      const genealogy: Genealogy | null = g && g.ancestors ? { steps: g.steps, ancestors: g.ancestors.map((a) => Int32Array.from(a)) } : null;
      const transfer = [samples.buffer, ...(genealogy ? genealogy.ancestors.map((a) => a.buffer) : [])];
      this.hooks.post({ type: 'run-done', lane: run.lane, runId: run.runId, summary, samples, genealogy }, transfer);
      return;
    }
    const now = performance.now();
    const send = step.value.positions !== undefined && sendsPositions(run, run.posted, now);
    run.posted++;
    if (send) run.positionsAt = now;
    // Copy: on the CPU backend data() hands back the tensor's own storage, which must not be detached.
    const positions = send && step.value.positions ? new Float32Array(step.value.positions) : null;
    this.hooks.post(
      { type: 'frame', lane: run.lane, runId: run.runId, stats: step.value.stats, positions, msPerStep: ms },
      positions ? [positions.buffer] : [],
    );
  }
}
