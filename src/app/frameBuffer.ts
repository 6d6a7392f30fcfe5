/**
 * The page's particle frames by lane, as the module functions export/restore.ts still calls. The frames
 * themselves live in each lane's session (a FrameBuffer per LaneSession, src/view/session/FrameBuffer.ts,
 * held by runControl); these only pick the lane.
 */
import type { Lane } from '../engine/messages';
import { laneSessions } from './runControl';

export function resetFrames(lane: Lane, runId: number, particles = 0, steps = 0): void {
  laneSessions[lane].frames.reset(runId, particles, steps);
}

export function pushFrame(lane: Lane, runId: number, positions: Float32Array): void {
  laneSessions[lane].frames.push(runId, positions);
}

export function setFinal(lane: Lane, runId: number, samples: Float32Array): void {
  laneSessions[lane].frames.setFinal(runId, samples);
}

/** Display frames: the per-step frames, then the final samples when the run is done. */
export function displayFrameCount(lane: Lane): number {
  return laneSessions[lane].frames.count;
}

export function displayFrame(lane: Lane, index: number): Float32Array | null {
  return laneSessions[lane].frames.frame(index);
}
