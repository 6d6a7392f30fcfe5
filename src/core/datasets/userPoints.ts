/**
 * A data set from points the user placed: validated, then sampled as a kernel density (a random point plus
 * Gaussian jitter), so a model trained on a few dozen points learns a smooth shape instead of memorising them.
 * The points stay in the coordinates they were drawn in (no rescaling): the model lives where the user drew.
 */
import type { Rng } from '../rng';
import { FieldError } from '../types';
import type { Dataset } from './types';

export const USER_POINT_LIMITS = { min: 8, max: 5000, coordinate: 1e3 } as const;

/** Interleaved [x0, y0, x1, y1, …] (as the engine sends them) → pairs. */
function pairsOf(points: Float32Array | Float64Array, field: string): number[][] {
  if (points.length % 2 !== 0) throw new FieldError(field, 'must hold an even number of coordinates (x, y pairs)');
  return Array.from({ length: points.length / 2 }, (_, i) => [points[2 * i], points[2 * i + 1]]);
}

/**
 * Checks user-supplied points, a list of [x, y] pairs or interleaved coordinates; throws FieldError naming the
 * offending point (`points.<index>`).
 */
export function validateUserPoints(input: unknown, field = 'points'): Float32Array {
  const points = input instanceof Float32Array || input instanceof Float64Array ? pairsOf(input, field) : input;
  if (!Array.isArray(points)) throw new FieldError(field, 'must be an array of [x, y] points');
  const { min, max, coordinate } = USER_POINT_LIMITS;
  if (points.length < min || points.length > max) {
    throw new FieldError(field, `has ${points.length} points; between ${min} and ${max} are needed`);
  }
  const out = new Float32Array(2 * points.length);
  points.forEach((p: unknown, i: number) => {
    if (!Array.isArray(p) || p.length !== 2) throw new FieldError(`${field}.${i}`, 'must be a pair [x, y]');
    for (let d = 0; d < 2; d++) {
      const v = p[d] as unknown;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new FieldError(`${field}.${i}`, 'must hold two finite numbers');
      if (Math.abs(v) > coordinate) throw new FieldError(`${field}.${i}`, `coordinates must lie within ±${coordinate}`);
      out[2 * i + d] = v;
    }
  });
  let spread = 0;
  const n = points.length;
  const mx = mean(out, 0);
  const my = mean(out, 1);
  for (let i = 0; i < n; i++) spread += (out[2 * i] - mx) ** 2 + (out[2 * i + 1] - my) ** 2;
  if (spread / n < 1e-8) throw new FieldError(field, 'all points coincide; spread them out');
  return out;
}

function mean(points: Float32Array, d: number): number {
  let s = 0;
  for (let i = d; i < points.length; i += 2) s += points[i];
  return (2 * s) / points.length;
}

/** Root mean variance √(tr Cov / 2) of interleaved points. */
function rootMeanVariance(points: Float32Array): number {
  const n = points.length / 2;
  const mx = mean(points, 0);
  const my = mean(points, 1);
  let s = 0;
  for (let i = 0; i < n; i++) s += (points[2 * i] - mx) ** 2 + (points[2 * i + 1] - my) ** 2;
  return Math.sqrt(s / (2 * n));
}

/**
 * `bandwidth` is the jitter sd as a fraction of the points' root mean variance (default 0.05: a light blur
 * that keeps drawn strokes visible).
 */
export function userPointsDataset(points: unknown, options: { bandwidth?: number; field?: string } = {}): Dataset {
  const field = options.field ?? 'points';
  const data = validateUserPoints(points, field);
  const bandwidth = options.bandwidth ?? 0.05;
  if (!(bandwidth > 0 && bandwidth <= 1)) throw new FieldError(`${field}.bandwidth`, 'must be in (0, 1]');
  const jitter = bandwidth * rootMeanVariance(data);
  const n = data.length / 2;
  return {
    name: 'user-points',
    label: 'Your points',
    description: `${n} points placed by hand, blurred by a Gaussian of sd ${jitter.toPrecision(2)}.`,
    sample(count: number, rng: Rng): Float32Array {
      const out = new Float32Array(2 * count);
      for (let i = 0; i < count; i++) {
        const j = rng.int(n);
        out[2 * i] = data[2 * j] + jitter * rng.normal();
        out[2 * i + 1] = data[2 * j + 1] + jitter * rng.normal();
      }
      return out;
    },
  };
}
