/**
 * How many particle positions a page keeps per lane, and so which steps' positions the engine sends: a run of
 * N particles and K steps keeps every stride-th step (2·N·K floats beyond the budget), plus the newest.
 * The page's FrameBuffer (src/view/session/FrameBuffer.ts) and the engine's run loop read the same numbers.
 */

/** Floats kept per lane: 16 M floats = 64 MB. */
export const FLOAT_BUDGET = 16 * 1024 * 1024;

export function frameStride(particles: number, steps: number, floatBudget = FLOAT_BUDGET): number {
  const floats = 2 * particles * steps;
  // A size not known (0, or missing in a hand-made scenario) keeps every step.
  return Number.isFinite(floats) && floats > 0 ? Math.max(1, Math.ceil(floats / floatBudget)) : 1;
}
