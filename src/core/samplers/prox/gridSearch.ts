/**
 * W-prox oracle for a possibly non-concave reward in 2-D (§4 "Low-dim Lipschitz", A = I): grid-search
 * y = x + o over offsets o in the square [−ρ, ρ]², then refine locally, keeping the best objective
 * r(y) − (λ_W/2)‖y − x‖² found.
 *
 * Why the ball ‖y − x‖ ≤ ρ = 2L/λ_W suffices when r is L-Lipschitz: r(y) − r(x) ≤ L‖y − x‖ < (λ_W/2)‖y − x‖² once
 * ‖y − x‖ > 2L/λ_W, so every point outside the ball is worse than y = x.
 *
 * Value error: on the ball the objective is (L + λ_W(ρ + δ))-Lipschitz, and every point of the square is within
 * δ = h/√2 of a grid node, so the grid's best value is within (L + λ_W(ρ + δ))·δ of the maximum. The local
 * refinement (5×5 grids at spacings h/2, h/4, …, always containing the current best) can only improve on it.
 *
 * When L is unknown (formula rewards) it is estimated as the largest finite ‖∇r‖ on a probe grid over the points'
 * bounding box widened by max(1, half its size) on each side, and at the points themselves; the radius 2L̂/λ_W is
 * then capped at the half-diagonal of that box. Both the estimate and the cap are reported: the bound is then an
 * estimate, not a guarantee.
 *
 * Offset 0 is a grid node and the result is kept only where its objective is ≥ the objective at x, so the map never
 * makes a particle worse. Candidates where r is not finite (outside a formula's domain) are never chosen.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { Reward } from '../../types';
import { proxObjective } from './objective';

export interface GridSearchOptions {
  /** A Lipschitz bound for r; defaults to reward.lipschitz, else estimated. */
  lipschitz?: number;
  /** Grid nodes per axis (odd, so that offset 0 is a node). */
  points?: number;
  /** Local refinement rounds after the grid. */
  polishRounds?: number;
  /** Candidate points evaluated at once, at most (rows are batched to stay below it); defaults to 2¹⁸. */
  batchCandidates?: number;
}

export interface GridSearchReport {
  lipschitz: number;
  lipschitzEstimated: boolean;
  /** Half-width ρ of the searched square of offsets. */
  radius: number;
  /** Grid spacing h. */
  spacing: number;
  /** (L + λ_W(ρ + δ))·δ with δ = h/√2: the objective is at least the best value in the ball minus this. */
  valueErrorBound: number;
}

export const GRID_POINTS = 33;
export const POLISH_ROUNDS = 6;
const PROBE_POINTS = 48;
/** Candidate points evaluated per batch (memory bound). */
const BATCH_CANDIDATES = 1 << 18;

/** Offsets (i·s, j·s) for i, j ∈ {−m … m}, as an [(2m+1)², 2] tensor. */
function latticeOffsets(m: number, s: number): Tensor2D {
  const out = new Float32Array(2 * (2 * m + 1) ** 2);
  let k = 0;
  for (let i = -m; i <= m; i++) {
    for (let j = -m; j <= m; j++) {
      out[k++] = i * s;
      out[k++] = j * s;
    }
  }
  return tf.tensor2d(out, [(2 * m + 1) ** 2, 2]);
}

/**
 * For each row of x (c rows), the candidate offset with the best objective among base + offsets, where base is
 * [c, 2] (per-row centre offset, zeros for the first pass) and offsets is [M, 2].
 */
function bestOffsets(reward: Reward, x: Tensor2D, base: Tensor2D, offsets: Tensor2D, lambdaW: number): Tensor2D {
  return tf.tidy(() => {
    const c = x.shape[0];
    const M = offsets.shape[0];
    const cand = tf.add(tf.expandDims(base, 1), tf.expandDims(offsets, 0)); // [c, M, 2]
    const y = tf.reshape(tf.add(cand, tf.expandDims(x, 1)), [c * M, 2]) as Tensor2D;
    const r = tf.reshape(reward.value(y), [c, M]);
    const objective = tf.sub(r, tf.mul(tf.sum(tf.square(cand), 2), lambdaW / 2));
    const safe = tf.where(tf.isFinite(objective), objective, tf.fill([c, M], -Infinity));
    const pick = tf.cast(tf.oneHot(tf.argMax(safe, 1), M), 'float32');
    return tf.sum(tf.mul(cand, tf.expandDims(pick, 2)), 1) as Tensor2D;
  });
}

/** Row-batched bestOffsets, so that at most `candidates` points (one row at least) are evaluated at once. */
function bestOffsetsBatched(
  reward: Reward,
  x: Tensor2D,
  base: Tensor2D,
  offsets: Tensor2D,
  lambdaW: number,
  candidates: number,
): Tensor2D {
  const n = x.shape[0];
  const rows = Math.max(1, Math.floor(candidates / offsets.shape[0]));
  if (n <= rows) return bestOffsets(reward, x, base, offsets, lambdaW);
  const parts: Tensor2D[] = [];
  for (let start = 0; start < n; start += rows) {
    const size = Math.min(rows, n - start);
    parts.push(
      tf.tidy(() =>
        bestOffsets(reward, tf.slice(x, [start, 0], [size, 2]), tf.slice(base, [start, 0], [size, 2]), offsets, lambdaW),
      ),
    );
  }
  const out = tf.concat(parts, 0) as Tensor2D;
  parts.forEach((p) => p.dispose());
  return out;
}

/** L̂ = the largest finite ‖∇r‖ on a probe grid over the widened bounding box of x and at x; radius cap. */
async function estimateLipschitz(reward: Reward, x: Tensor2D): Promise<{ lipschitz: number; radiusCap: number }> {
  const pts = (await x.data()) as Float32Array;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < pts.length; i += 2) {
    x0 = Math.min(x0, pts[i]);
    x1 = Math.max(x1, pts[i]);
    y0 = Math.min(y0, pts[i + 1]);
    y1 = Math.max(y1, pts[i + 1]);
  }
  const margin = Math.max(1, 0.5 * Math.max(x1 - x0, y1 - y0));
  x0 -= margin;
  x1 += margin;
  y0 -= margin;
  y1 += margin;
  const probe = new Float32Array(2 * PROBE_POINTS * PROBE_POINTS);
  let k = 0;
  for (let i = 0; i < PROBE_POINTS; i++) {
    for (let j = 0; j < PROBE_POINTS; j++) {
      probe[k++] = x0 + ((x1 - x0) * i) / (PROBE_POINTS - 1);
      probe[k++] = y0 + ((y1 - y0) * j) / (PROBE_POINTS - 1);
    }
  }
  const maxNorm = tf.tidy(() => {
    const all = tf.concat([tf.tensor2d(probe, [PROBE_POINTS * PROBE_POINTS, 2]), x], 0) as Tensor2D;
    const norms = tf.sqrt(tf.sum(tf.square(reward.grad(all)), 1));
    return tf.max(tf.where(tf.isFinite(norms), norms, tf.zerosLike(norms)));
  });
  const lipschitz = (await maxNorm.data())[0];
  maxNorm.dispose();
  return { lipschitz, radiusCap: 0.5 * Math.hypot(x1 - x0, y1 - y0) };
}

export async function gridSearchProx(
  reward: Reward,
  x: Tensor2D,
  lambdaW: number,
  options: GridSearchOptions = {},
): Promise<{ y: Tensor2D; report: GridSearchReport }> {
  const points = options.points ?? GRID_POINTS;
  if (points < 3 || points % 2 === 0) throw new Error('the grid needs an odd number (≥ 3) of points per axis');
  const rounds = options.polishRounds ?? POLISH_ROUNDS;
  const candidates = options.batchCandidates ?? BATCH_CANDIDATES;
  const known = options.lipschitz ?? reward.lipschitz;
  let lipschitz: number;
  let radius: number;
  if (known !== undefined) {
    lipschitz = known;
    radius = (2 * known) / lambdaW;
  } else {
    const est = await estimateLipschitz(reward, x);
    lipschitz = est.lipschitz;
    radius = Math.min((2 * est.lipschitz) / lambdaW, est.radiusCap);
  }
  const half = (points - 1) / 2;
  const spacing = radius / half;
  const delta = spacing / Math.SQRT2;
  const report: GridSearchReport = {
    lipschitz,
    lipschitzEstimated: known === undefined,
    radius,
    spacing,
    valueErrorBound: (lipschitz + lambdaW * (radius + delta)) * delta,
  };
  if (!(radius > 0) || !Number.isFinite(radius)) return { y: x.clone(), report };

  let offset = tf.zerosLike(x) as Tensor2D;
  const step = (lattice: Tensor2D) => {
    const next = bestOffsetsBatched(reward, x, offset, lattice, lambdaW, candidates);
    lattice.dispose();
    offset.dispose();
    offset = next;
  };
  step(latticeOffsets(half, spacing));
  // Local refinement: 5×5 lattices at half the previous spacing, covering the neighbouring grid cells.
  for (let r = 1; r <= rounds; r++) step(latticeOffsets(2, spacing / 2 ** r));

  const y = tf.tidy(() => {
    const candidate = tf.add(x, offset) as Tensor2D;
    const better = tf.greaterEqual(proxObjective(reward, x, candidate, lambdaW), reward.value(x));
    return tf.where(tf.expandDims(better, 1), candidate, x) as Tensor2D;
  });
  offset.dispose();
  return { y, report };
}
