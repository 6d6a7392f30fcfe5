/**
 * One lane's particle positions per step, kept outside React and the stores (they are large and change every
 * step): the canvas reads them directly. Frame i is x after the (i+1)-th denoising step; once the run is done,
 * one more frame holds its final samples (for W-prox after the transport map, for SMC after the final
 * resample). A big run (2·N·K floats beyond the budget) keeps only every `stride`-th step's positions, plus
 * always the newest one (the one on screen while the run plays); scrubbing to a step in between shows the
 * nearest kept step before it (the charts still have every step). Everything is tagged with the run it
 * belongs to: positions of any other run are ignored, so a replaced run can never show up on screen.
 * One instance per lane and per figure — no module state — so any number can live on one page.
 */

import { FLOAT_BUDGET, frameStride } from '../../engine/frameStride';

export { FLOAT_BUDGET } from '../../engine/frameStride';

export class FrameBuffer {
  private current = -1;
  private strideOf = 1;
  private steps: Array<Float32Array | undefined> = [];
  private finalSamples: Float32Array | null = null;

  constructor(private readonly floatBudget = FLOAT_BUDGET) {}

  /** The run whose frames are kept (-1: none). */
  get runId(): number {
    return this.current;
  }

  /** Every stride-th step's positions are kept (1: every step). */
  get stride(): number {
    return this.strideOf;
  }

  /** Starts over for a new run of `particles` × `steps` (0 × 0 when the size is not known: stride 1). */
  reset(runId: number, particles = 0, steps = 0): void {
    this.current = runId;
    this.strideOf = frameStride(particles, steps, this.floatBudget);
    this.steps = [];
    this.finalSamples = null;
  }

  /**
   * Appends one step's positions (null: a step that sent none, which keeps the step count). Returns false,
   * keeping nothing, when `runId` is not the current run.
   */
  push(runId: number, positions: Float32Array | null): boolean {
    if (runId !== this.current) return false;
    const index = this.steps.length;
    // Keep every stride-th frame, and always the newest: drop the previous one unless it is on the stride.
    if (index > 0 && (index - 1) % this.strideOf !== 0) this.steps[index - 1] = undefined;
    this.steps.push(positions ?? undefined);
    return true;
  }

  /** The run's final samples (the last display frame). False, keeping nothing, for another run. */
  setFinal(runId: number, samples: Float32Array): boolean {
    if (runId !== this.current) return false;
    this.finalSamples = samples;
    return true;
  }

  /** A finished run without per-step positions (a saved or cached run): `steps` empty steps, then the final samples. */
  showFinished(runId: number, steps: number, samples: Float32Array): void {
    this.reset(runId);
    this.steps = new Array<Float32Array | undefined>(steps).fill(undefined);
    this.finalSamples = samples;
  }

  /** Display frames: the steps, plus the final samples once the run is done. */
  get count(): number {
    return this.steps.length + (this.finalSamples ? 1 : 0);
  }

  /** Steps received so far (kept or not). */
  get stepCount(): number {
    return this.steps.length;
  }

  get final(): Float32Array | null {
    return this.finalSamples;
  }

  /** The positions shown at display index `index`: that step's, or the nearest kept step before it, or the final samples. */
  frame(index: number): Float32Array | null {
    if (index >= this.steps.length) return this.finalSamples;
    for (let i = index; i >= 0; i--) {
      const f = this.steps[i];
      if (f) return f;
    }
    return null;
  }

  /**
   * The kept per-step frames up to `index` (for trajectory trails). The final samples are left out: after an
   * SMC resample particle i is no longer the continuation of trajectory i.
   */
  stepFramesUpTo(index: number): Array<{ step: number; points: Float32Array }> {
    const out: Array<{ step: number; points: Float32Array }> = [];
    this.steps.slice(0, index + 1).forEach((points, step) => {
      if (points) out.push({ step, points });
    });
    return out;
  }
}
