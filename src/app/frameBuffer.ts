/**
 * Particle positions per lane and step, kept outside React and the store (they are large and change every
 * step): the canvas reads them directly and redraws when the store's frame count or cursor moves.
 * Frame i is x after the (i+1)-th denoising step; once a run is done, one more frame holds its final
 * samples (for W-prox that is after the transport map, for SMC after the final resample).
 * A big run (N·K beyond the budget) keeps only every `stride`-th step's positions; scrubbing to a step in
 * between shows the nearest kept step before it (the charts still have every step).
 */
import type { Lane } from '../engine/messages';

/** Floats kept per lane: 16 M floats = 64 MB. */
const FLOAT_BUDGET = 16 * 1024 * 1024;

interface LaneFrames {
  runId: number;
  stride: number;
  frames: Array<Float32Array | undefined>;
  final: Float32Array | null;
}

const lanes: Record<Lane, LaneFrames> = {
  a: { runId: -1, stride: 1, frames: [], final: null },
  b: { runId: -1, stride: 1, frames: [], final: null },
};

export function resetFrames(lane: Lane, runId: number, particles = 0, steps = 0): void {
  const stride = Math.max(1, Math.ceil((2 * particles * steps) / FLOAT_BUDGET));
  lanes[lane] = { runId, stride, frames: [], final: null };
}

export function pushFrame(lane: Lane, runId: number, positions: Float32Array): void {
  const l = lanes[lane];
  if (l.runId !== runId) return;
  const index = l.frames.length;
  // Keep every stride-th frame, and always the newest (the one on screen while the run plays).
  if (index > 0 && (index - 1) % l.stride !== 0) l.frames[index - 1] = undefined;
  l.frames.push(positions);
}

export function setFinal(lane: Lane, runId: number, samples: Float32Array): void {
  if (lanes[lane].runId === runId) lanes[lane].final = samples;
}

/** Display frames: the per-step frames, then the final samples when the run is done. */
export function displayFrameCount(lane: Lane): number {
  const l = lanes[lane];
  return l.frames.length + (l.final ? 1 : 0);
}

export function displayFrame(lane: Lane, index: number): Float32Array | null {
  const l = lanes[lane];
  if (index >= l.frames.length) return l.final;
  for (let i = index; i >= 0; i--) {
    const frame = l.frames[i];
    if (frame) return frame;
  }
  return null;
}

/**
 * The kept per-step frames up to `index` (for trajectory trails). The final samples are left out: after an
 * SMC resample particle i is no longer the continuation of trajectory i.
 */
export function stepFramesUpTo(lane: Lane, index: number): Array<{ step: number; points: Float32Array }> {
  const out: Array<{ step: number; points: Float32Array }> = [];
  lanes[lane].frames.slice(0, index + 1).forEach((points, step) => {
    if (points) out.push({ step, points });
  });
  return out;
}
