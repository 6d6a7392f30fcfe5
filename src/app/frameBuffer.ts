/**
 * Particle positions per lane and step, kept outside React and the store (they are large and change every
 * step): the canvas reads them directly and redraws when the store's frame count or cursor moves.
 * Frame i is x after the (i+1)-th denoising step; once a run is done, one more frame holds its final
 * samples (for W-prox that is after the transport map, for SMC after the final resample).
 */
import type { Lane } from '../engine/messages';

interface LaneFrames {
  runId: number;
  frames: Float32Array[];
  final: Float32Array | null;
}

const lanes: Record<Lane, LaneFrames> = {
  a: { runId: -1, frames: [], final: null },
  b: { runId: -1, frames: [], final: null },
};

export function resetFrames(lane: Lane, runId: number): void {
  lanes[lane] = { runId, frames: [], final: null };
}

export function pushFrame(lane: Lane, runId: number, positions: Float32Array): void {
  if (lanes[lane].runId === runId) lanes[lane].frames.push(positions);
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
  if (index < l.frames.length) return l.frames[index] ?? null;
  return l.final;
}

/**
 * The per-step frames up to `index` (for trajectory trails). The final samples are left out: after an SMC
 * resample particle i is no longer the continuation of trajectory i.
 */
export function stepFramesUpTo(lane: Lane, index: number): Float32Array[] {
  return lanes[lane].frames.slice(0, index + 1);
}
