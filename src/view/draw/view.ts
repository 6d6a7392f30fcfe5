/**
 * The square window of the plane the canvas shows, and the map between plane and pixels. The window is
 * chosen from the model so that the data, the initial noise N(0, I) and the usual targets all fit.
 */
import type { ModelSpec } from '../../core/scenario';
import { pointCovariance, pointMean } from '../../core/diagnostics';

export interface View {
  /** Centre and half-width of the square window, in plane units. */
  cx: number;
  cy: number;
  half: number;
}

export const DEFAULT_VIEW: View = { cx: 0, cy: 0, half: 4.5 };

export function viewForModel(model: ModelSpec | null | undefined): View {
  if (!model || model.kind !== 'gmm') return DEFAULT_VIEW;
  let reach = 3.5; // the initial noise N(0, I) at 3.5σ
  model.means.forEach((m, k) => {
    const c = model.covs[k];
    const sd = Math.sqrt(Math.max(c[0][0], c[1][1]));
    reach = Math.max(reach, Math.abs(m[0]) + 3 * sd, Math.abs(m[1]) + 3 * sd);
  });
  return { cx: 0, cy: 0, half: Math.ceil((reach + 0.5) * 2) / 2 };
}

/**
 * The window for a learned model, from its data's mean and covariance (model card or the user's points):
 * the data at 3 sd and the initial noise N(0, I), which the VP process starts from whatever the data scale.
 */
export function viewForMoments(mean: [number, number], cov: [[number, number], [number, number]]): View {
  const sx = 3 * Math.sqrt(Math.max(cov[0][0], 1e-12));
  const sy = 3 * Math.sqrt(Math.max(cov[1][1], 1e-12));
  const lo = [Math.min(-3.5, mean[0] - sx), Math.min(-3.5, mean[1] - sy)];
  const hi = [Math.max(3.5, mean[0] + sx), Math.max(3.5, mean[1] + sy)];
  const half = Math.ceil(Math.max(hi[0] - lo[0], hi[1] - lo[1]) + 1) / 2;
  return { cx: (lo[0] + hi[0]) / 2, cy: (lo[1] + hi[1]) / 2, half };
}

/** Mean and covariance of interleaved points. */
export function momentsOfPoints(points: Float32Array): { mean: [number, number]; cov: [[number, number], [number, number]] } {
  return { mean: pointMean(points), cov: pointCovariance(points) };
}

export interface Transform {
  /** Plane → CSS pixels (y up in the plane, down on screen). */
  toPx(x: number, y: number): [number, number];
  toPlane(px: number, py: number): [number, number];
  scale: number;
}

export function transformFor(view: View, size: number): Transform {
  const scale = size / (2 * view.half);
  return {
    scale,
    toPx: (x, y) => [(x - view.cx + view.half) * scale, (view.cy + view.half - y) * scale],
    toPlane: (px, py) => [px / scale - view.half + view.cx, view.cy + view.half - py / scale],
  };
}
