/**
 * A square off-screen canvas to draw into and copy from: an OffscreenCanvas where there is one, a detached
 * `<canvas>` otherwise; null where neither exists (no DOM, as in the unit tests).
 */
export function squareCanvas(width: number): OffscreenCanvas | HTMLCanvasElement | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, width);
  if (typeof document !== 'undefined') return Object.assign(document.createElement('canvas'), { width, height: width });
  return null;
}
