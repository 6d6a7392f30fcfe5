/**
 * Framing: the square window the canvas shows, fitted to what matters in a run — the base density, the exact
 * target where it is known, and the particles — and the small geometry of moving it (pan, zoom about a point,
 * a smooth glide between two windows). Pure functions on plain numbers; the camera (camera.ts) holds the state.
 */
import type { View } from './view';

/** An axis-aligned box in plane units. */
export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Components of a mixture lighter than this do not stretch the window (they hold no visible mass). */
const MIN_WEIGHT = 1e-3;
/** A mixture's box reaches this many standard deviations around each component mean. */
const GMM_SD = 3;
/** Fraction of the particles' spread left out at each end (robust to a few strays). */
const PARTICLE_QUANTILE = 0.005;
/** Particles used for the quantiles (an even subsample of a big cloud). */
const QUANTILE_SAMPLE = 4096;
/** Space around the fitted content, as a fraction of its half-width. */
export const FIT_MARGIN = 0.1;
/** The smallest and largest half-width a window may have. */
export const MIN_HALF = 0.05;
export const MAX_HALF = 1e6;

export interface GmmLike {
  weights: readonly number[];
  means: ReadonlyArray<readonly number[]>;
  covs: ReadonlyArray<ReadonlyArray<readonly number[]>>;
}

/** The box holding every non-negligible component of a mixture at GMM_SD standard deviations. */
export function boxOfGmm(spec: GmmLike): Box | null {
  const total = spec.weights.reduce((a, b) => a + b, 0);
  let box: Box | null = null;
  spec.weights.forEach((w, k) => {
    if (!(total > 0) || w / total < MIN_WEIGHT) return;
    const [mx, my] = spec.means[k];
    const sx = GMM_SD * Math.sqrt(Math.max(spec.covs[k][0][0], 0));
    const sy = GMM_SD * Math.sqrt(Math.max(spec.covs[k][1][1], 0));
    box = union(box, { x0: mx - sx, x1: mx + sx, y0: my - sy, y1: my + sy });
  });
  return box && isFiniteBox(box) ? box : null;
}

/** The central 1 − 2·PARTICLE_QUANTILE of interleaved points, per axis; null when there are none (or none finite). */
export function boxOfPoints(points: Float32Array | null): Box | null {
  if (!points || points.length < 2) return null;
  const n = points.length / 2;
  const stride = Math.max(1, Math.floor(n / QUANTILE_SAMPLE));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i += stride) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    if (Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  if (xs.length === 0) return null;
  xs.sort((a, b) => a - b);
  ys.sort((a, b) => a - b);
  return { x0: quantile(xs, PARTICLE_QUANTILE), x1: quantile(xs, 1 - PARTICLE_QUANTILE), y0: quantile(ys, PARTICLE_QUANTILE), y1: quantile(ys, 1 - PARTICLE_QUANTILE) };
}

/** The box of a window. */
export function boxOfView(view: View): Box {
  return { x0: view.cx - view.half, x1: view.cx + view.half, y0: view.cy - view.half, y1: view.cy + view.half };
}

/** The square window holding every box with FIT_MARGIN around it; `fallback` when there is no box at all. */
export function fitView(boxes: Array<Box | null | undefined>, fallback: View): View {
  let all: Box | null = null;
  for (const b of boxes) if (b && isFiniteBox(b)) all = union(all, b);
  if (!all) return fallback;
  const half = clampHalf((Math.max(all.x1 - all.x0, all.y1 - all.y0) / 2) * (1 + FIT_MARGIN));
  return { cx: (all.x0 + all.x1) / 2, cy: (all.y0 + all.y1) / 2, half };
}

/** The window zoomed by `factor` (> 1 zooms in) about the plane point (px, py), which stays where it is on screen. */
export function zoomAbout(view: View, factor: number, px: number, py: number): View {
  const half = clampHalf(view.half / factor);
  const k = half / view.half;
  return { cx: px + (view.cx - px) * k, cy: py + (view.cy - py) * k, half };
}

/** The window moved by (dx, dy) plane units. */
export function panBy(view: View, dx: number, dy: number): View {
  return { cx: view.cx + dx, cy: view.cy + dy, half: view.half };
}

/**
 * The window a fraction `u` ∈ [0, 1] of the way from `a` to `b`: the centre moves linearly and the half-width
 * geometrically, so that a zoom looks even throughout (a linear half-width would rush the zoom-in).
 */
export function lerpView(a: View, b: View, u: number): View {
  const t = Math.min(1, Math.max(0, u));
  return { cx: a.cx + (b.cx - a.cx) * t, cy: a.cy + (b.cy - a.cy) * t, half: a.half * Math.pow(b.half / a.half, t) };
}

/** Ease-in-out (cubic) for the glide between two windows. */
export function ease(u: number): number {
  const t = Math.min(1, Math.max(0, u));
  return t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2;
}

/** Whether two windows are the same up to a small fraction of their size (no glide needed). */
export function sameView(a: View, b: View): boolean {
  const tol = 1e-4 * Math.max(a.half, b.half);
  return Math.abs(a.cx - b.cx) <= tol && Math.abs(a.cy - b.cy) <= tol && Math.abs(a.half - b.half) <= tol;
}

/** A "nice" grid spacing (1, 2 or 5 × 10^k) giving about `target` intervals over `span`. */
export function niceStep(span: number, target = 6): number {
  const raw = span / target;
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/** A tick value printed with just the decimals its spacing needs (no "0.30000000000000004"). */
export function tickLabel(v: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const abs = Math.abs(v);
  if (abs >= 1e5) return v.toExponential(1);
  const s = v.toFixed(Math.min(decimals, 6));
  return Number(s) === 0 ? s.replace('-', '') : s; // no "-0.00" for a value rounding to zero
}

function quantile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function union(a: Box | null, b: Box): Box {
  return a ? { x0: Math.min(a.x0, b.x0), x1: Math.max(a.x1, b.x1), y0: Math.min(a.y0, b.y0), y1: Math.max(a.y1, b.y1) } : { ...b };
}

function isFiniteBox(b: Box): boolean {
  return [b.x0, b.x1, b.y0, b.y1].every(Number.isFinite);
}

function clampHalf(half: number): number {
  return Math.min(MAX_HALF, Math.max(MIN_HALF, Number.isFinite(half) ? half : 1));
}
