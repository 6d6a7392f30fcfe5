/**
 * The exact W-prox of a max-linear reward r(y) = max_i ℓ_i(y), ℓ_i(y) = θ_i·y + b_i, by a finite candidate set.
 *
 * Why the candidate set is exact. Let f(y) = r(y) − (λ_W/2)‖y − x‖², let y* be a maximiser and S the set of
 * pieces active at y* (ℓ_i(y*) = r(y*) for i ∈ S). On E_S = {y : ℓ_i(y) = ℓ_j(y) for all i, j ∈ S} every
 * g_i = ℓ_i − (λ_W/2)‖· − x‖² with i ∈ S takes the same values, and f ≥ g_i everywhere, so
 *   f(y*) = max f ≥ max_{E_S} f ≥ max_{E_S} g_i ≥ g_i(y*) = f(y*).
 * Hence y* is the unique maximiser of the strongly concave g_i on the affine set E_S. In the plane E_S is the
 * whole plane (one active piece: y = x + θ_i/λ_W), a line (two pieces: the piece optimum projected onto the line
 * ℓ_i = ℓ_j), or a point (three or more pieces: a triple point, since four active pieces in general position meet
 * in a point that is already some triple's point). Evaluating f at every candidate and taking the best therefore
 * returns max f exactly (up to float rounding): the candidate of the true active set is y* itself, and no
 * candidate can beat the maximum.
 *
 * Candidates are affine in x, y = P x + q, with P = I (piece), the projection I − ddᵀ/‖d‖² (kink line) or 0
 * (triple point), so they are computed once per λ_W on the host. Lines and triple points where the pieces are not
 * actually maximal are dropped: they can never be an active set.
 */
import type { Mat2, Vec2 } from '../linalg2';

export interface AffineCandidate {
  P: Mat2;
  q: Vec2;
}

interface Piece {
  theta: Vec2;
  bias: number;
}

const ABS_TOL = 1e-9;

function tol(scale: number): number {
  return ABS_TOL * (1 + Math.abs(scale));
}

function pieceValue(p: Piece, y: Vec2): number {
  return p.theta[0] * y[0] + p.theta[1] * y[1] + p.bias;
}

function maxValue(pieces: Piece[], y: Vec2): number {
  let m = -Infinity;
  for (const p of pieces) m = Math.max(m, pieceValue(p, y));
  return m;
}

/**
 * Whether pieces i and j are both maximal somewhere on their kink line ℓ_i = ℓ_j. On the line
 * y(s) = y0 + s·v every other piece m gives a linear constraint (ℓ_i − ℓ_m)(y(s)) ≥ 0; the feasible set of s is an
 * interval, and the pair is kept when it is non-empty.
 */
function kinkIsActive(pieces: Piece[], i: number, j: number, y0: Vec2, v: Vec2): boolean {
  let lo = -Infinity;
  let hi = Infinity;
  const pi = pieces[i];
  for (let m = 0; m < pieces.length; m++) {
    if (m === i || m === j) continue;
    const pm = pieces[m];
    const slope = (pi.theta[0] - pm.theta[0]) * v[0] + (pi.theta[1] - pm.theta[1]) * v[1];
    const offset = pieceValue(pi, y0) - pieceValue(pm, y0);
    const eps = tol(offset);
    // offset + s·slope ≥ −eps, widened by eps so that round-off never drops a true kink.
    if (Math.abs(slope) <= ABS_TOL) {
      if (offset < -eps) return false;
    } else if (slope > 0) {
      lo = Math.max(lo, (-offset - eps) / slope);
    } else {
      hi = Math.min(hi, (-offset - eps) / slope);
    }
    if (lo > hi) return false;
  }
  return true;
}

/** The candidate maps of the exact max-linear prox for one λ_W (see the module comment for why they suffice). */
export function maxLinearCandidates(thetas: Vec2[], biases: number[], lambdaW: number): AffineCandidate[] {
  const pieces: Piece[] = thetas.map((t, i) => ({ theta: [t[0], t[1]], bias: biases[i] }));
  const out: AffineCandidate[] = [];
  const I: Mat2 = [
    [1, 0],
    [0, 1],
  ];
  // One active piece: y = x + θ_i/λ_W.
  for (const p of pieces) out.push({ P: I, q: [p.theta[0] / lambdaW, p.theta[1] / lambdaW] });
  // Two active pieces: maximise ℓ_i − (λ_W/2)‖y − x‖² on d·y + Δb = 0 (d = θ_i − θ_j, Δb = b_i − b_j), i.e. project
  // u = x + θ_i/λ_W onto the line: y = u − d(d·u + Δb)/‖d‖².
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j < pieces.length; j++) {
      const d: Vec2 = [pieces[i].theta[0] - pieces[j].theta[0], pieces[i].theta[1] - pieces[j].theta[1]];
      const dd = d[0] * d[0] + d[1] * d[1];
      if (dd <= ABS_TOL) continue; // parallel pieces: equal (the piece candidate covers it) or never both active
      const db = pieces[i].bias - pieces[j].bias;
      const y0: Vec2 = [(-db * d[0]) / dd, (-db * d[1]) / dd];
      if (!kinkIsActive(pieces, i, j, y0, [-d[1], d[0]])) continue;
      const P: Mat2 = [
        [1 - (d[0] * d[0]) / dd, -(d[0] * d[1]) / dd],
        [-(d[1] * d[0]) / dd, 1 - (d[1] * d[1]) / dd],
      ];
      const u: Vec2 = [pieces[i].theta[0] / lambdaW, pieces[i].theta[1] / lambdaW];
      const s = (d[0] * u[0] + d[1] * u[1] + db) / dd;
      out.push({ P, q: [u[0] - s * d[0], u[1] - s * d[1]] });
    }
  }
  // Three active pieces: the triple point where ℓ_i = ℓ_j = ℓ_k, kept only if those pieces are maximal there.
  const zero: Mat2 = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j < pieces.length; j++) {
      for (let k = j + 1; k < pieces.length; k++) {
        const a: Vec2 = [pieces[i].theta[0] - pieces[j].theta[0], pieces[i].theta[1] - pieces[j].theta[1]];
        const c: Vec2 = [pieces[i].theta[0] - pieces[k].theta[0], pieces[i].theta[1] - pieces[k].theta[1]];
        const det = a[0] * c[1] - a[1] * c[0];
        if (Math.abs(det) <= ABS_TOL) continue; // parallel kink lines: no single point (pairs cover it)
        const ra = -(pieces[i].bias - pieces[j].bias);
        const rc = -(pieces[i].bias - pieces[k].bias);
        const p: Vec2 = [(ra * c[1] - a[1] * rc) / det, (a[0] * rc - ra * c[0]) / det];
        const v = pieceValue(pieces[i], p);
        if (maxValue(pieces, p) > v + tol(v)) continue;
        out.push({ P: zero, q: p });
      }
    }
  }
  return out;
}
