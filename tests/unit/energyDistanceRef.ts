/**
 * Reference helpers for tests that judge a run's reported energy distance, written without the project's own
 * diagnostics or GMM sampler so that a bug there cannot hide itself: exact draws of a 2-D GMM (inverse-CDF
 * component choice, Box–Muller normals, the 2×2 Cholesky factor) and the plain V-statistic energy distance
 * 2·E|X−Y| − E|X−X'| − E|Y−Y'| over all pairs.
 */
import type { GmmSpec } from '../../src/core/types';

/** mulberry32: a small seeded uniform generator on [0, 1). */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n exact draws of `spec`, interleaved x0, y0, x1, y1, …, each optionally shifted by `shift`. */
export function drawGmmRef(spec: GmmSpec, n: number, seed: number, shift: [number, number] = [0, 0]): Float64Array {
  const u = uniforms(seed);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let c = u(); k < spec.weights.length - 1 && c >= spec.weights[k]; k++) c -= spec.weights[k];
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const phi = 2 * Math.PI * u();
    const [z0, z1] = [r * Math.cos(phi), r * Math.sin(phi)];
    const [[a, b], [, d]] = spec.covs[k];
    const l00 = Math.sqrt(a);
    const l10 = b / l00;
    const l11 = Math.sqrt(d - l10 * l10);
    out[2 * i] = spec.means[k][0] + l00 * z0 + shift[0];
    out[2 * i + 1] = spec.means[k][1] + l10 * z0 + l11 * z1 + shift[1];
  }
  return out;
}

function meanDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < p.length; i += 2)
    for (let j = 0; j < q.length; j += 2) total += Math.hypot(p[i] - q[j], p[i + 1] - q[j + 1]);
  return total / ((p.length / 2) * (q.length / 2));
}

/** The V-statistic energy distance between two interleaved point sets. */
export function energyDistanceRef(p: ArrayLike<number>, q: ArrayLike<number>): number {
  return 2 * meanDistance(p, q) - meanDistance(p, p) - meanDistance(q, q);
}
