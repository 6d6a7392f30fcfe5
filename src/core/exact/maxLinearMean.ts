/**
 * E_p max_j(θ_j·x + b_j) for a Gaussian mixture p, to ~1e-9: the ground-truth mean reward of the base under a
 * max-linear reward (it has no closed form, but reduces to one smooth 1-D integral per component).
 * Per component, whiten x = μ + Lz. In an orthonormal frame (e_out, e_in) of z the inner expectation over
 * z_in ~ N(0, 1) of a maximum of lines is exact (sum over the upper envelope of a(φ(lo) − φ(hi)) + d(Φ(hi) − Φ(lo)));
 * e_in is chosen so that no two pieces are parallel along it, which makes the outer integrand smooth, and the outer
 * integral over z_out is done by composite Simpson on [−12, 12].
 */
import { chol2, dot2, matVec2, transpose2 } from '../linalg2';
import type { Vec2 } from '../linalg2';
import type { GmmSpec } from '../types';
import { normalCdf, normalPdf } from './normal';

interface Line {
  slope: number;
  intercept: number;
}

/** E_{z ~ N(0,1)} max_j(slope_j z + intercept_j), exact, via the upper envelope of the lines. */
export function expectedMaxOfLines(lines: Line[]): number {
  const sorted = lines.slice().sort((p, q) => p.slope - q.slope || p.intercept - q.intercept);
  // Upper envelope from z = −∞ (smallest slope) to +∞; equal slopes keep the larger intercept.
  const hull: Line[] = [];
  for (const l of sorted) {
    if (hull.length && hull[hull.length - 1].slope === l.slope) hull.pop();
    while (hull.length >= 2) {
      const a = hull[hull.length - 2];
      const b = hull[hull.length - 1];
      // b is useless if l overtakes a no later than b does.
      const xab = (a.intercept - b.intercept) / (b.slope - a.slope);
      const xal = (a.intercept - l.intercept) / (l.slope - a.slope);
      if (xal <= xab) hull.pop();
      else break;
    }
    hull.push(l);
  }
  let total = 0;
  let lo = -Infinity;
  for (let i = 0; i < hull.length; i++) {
    const l = hull[i];
    const hi =
      i + 1 < hull.length ? (l.intercept - hull[i + 1].intercept) / (hull[i + 1].slope - l.slope) : Infinity;
    if (hi > lo) {
      const pdf = (z: number) => (Number.isFinite(z) ? normalPdf(z) : 0);
      total += l.slope * (pdf(lo) - pdf(hi)) + l.intercept * (normalCdf(hi) - normalCdf(lo));
    }
    lo = Math.max(lo, hi);
  }
  return total;
}

/** The inner direction (angle) that maximises the smallest slope gap between non-parallel pieces. */
function bestInnerDirection(us: Vec2[]): Vec2 {
  let best: Vec2 = [0, 1];
  let bestGap = -Infinity;
  for (let j = 0; j < 180; j++) {
    const phi = (Math.PI * (j + 0.5)) / 180;
    const e: Vec2 = [Math.cos(phi), Math.sin(phi)];
    let gap = Infinity;
    for (let a = 0; a < us.length; a++)
      for (let b = a + 1; b < us.length; b++) gap = Math.min(gap, Math.abs(dot2(us[a], e) - dot2(us[b], e)));
    if (gap > bestGap) {
      bestGap = gap;
      best = e;
    }
  }
  return best;
}

function gaussianExpectedMax(mu: Vec2, cov: [[number, number], [number, number]], thetas: Vec2[], biases: number[]): number {
  const LT = transpose2(chol2(cov));
  // Pieces with the same whitened slope u_j are parallel everywhere: keep the one with the larger intercept.
  const pieces: Array<{ u: Vec2; c: number }> = [];
  thetas.forEach((theta, j) => {
    const u = matVec2(LT, theta);
    const c = dot2(theta, mu) + biases[j];
    const same = pieces.find((p) => Math.abs(p.u[0] - u[0]) + Math.abs(p.u[1] - u[1]) <= 1e-12 * (1 + Math.hypot(u[0], u[1])));
    if (same) same.c = Math.max(same.c, c);
    else pieces.push({ u, c });
  });
  if (pieces.length === 1) return pieces[0].c;
  const eIn = bestInnerDirection(pieces.map((p) => p.u));
  const eOut: Vec2 = [-eIn[1], eIn[0]];
  const h = (s: number) =>
    expectedMaxOfLines(pieces.map((p) => ({ slope: dot2(p.u, eIn), intercept: p.c + s * dot2(p.u, eOut) })));
  const half = 12;
  const intervals = 2400;
  const step = (2 * half) / intervals;
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const s = -half + i * step;
    const weight = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * h(s) * normalPdf(s);
  }
  return (sum * step) / 3;
}

/** E_p max_j(θ_j·x + b_j) for the mixture p. */
export function gmmExpectedMaxLinear(spec: GmmSpec, thetas: Vec2[], biases: number[]): number {
  return spec.weights.reduce(
    (total, w, k) => total + w * gaussianExpectedMax(spec.means[k], spec.covs[k], thetas, biases),
    0,
  );
}
