/** Small closed-form 2×2 linear algebra on plain numbers (algorithms.md §2: "use analytic 2×2 inverses"). */
export type Vec2 = [number, number];
export type Mat2 = [[number, number], [number, number]];

export const I2: Mat2 = [
  [1, 0],
  [0, 1],
];

export function det2(m: Mat2): number {
  return m[0][0] * m[1][1] - m[0][1] * m[1][0];
}

export function inv2(m: Mat2): Mat2 {
  const d = det2(m);
  return [
    [m[1][1] / d, -m[0][1] / d],
    [-m[1][0] / d, m[0][0] / d],
  ];
}

export function matMul2(a: Mat2, b: Mat2): Mat2 {
  return [
    [a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]],
    [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]],
  ];
}

export function matVec2(a: Mat2, v: Vec2): Vec2 {
  return [a[0][0] * v[0] + a[0][1] * v[1], a[1][0] * v[0] + a[1][1] * v[1]];
}

export function add2(a: Mat2, b: Mat2): Mat2 {
  return [
    [a[0][0] + b[0][0], a[0][1] + b[0][1]],
    [a[1][0] + b[1][0], a[1][1] + b[1][1]],
  ];
}

export function scale2(a: Mat2, s: number): Mat2 {
  return [
    [a[0][0] * s, a[0][1] * s],
    [a[1][0] * s, a[1][1] * s],
  ];
}

export function transpose2(a: Mat2): Mat2 {
  return [
    [a[0][0], a[1][0]],
    [a[0][1], a[1][1]],
  ];
}

export function trace2(a: Mat2): number {
  return a[0][0] + a[1][1];
}

export function dot2(a: Vec2, b: Vec2): number {
  return a[0] * b[0] + a[1] * b[1];
}

export function vadd(a: Vec2, b: Vec2): Vec2 {
  return [a[0] + b[0], a[1] + b[1]];
}

export function vsub(a: Vec2, b: Vec2): Vec2 {
  return [a[0] - b[0], a[1] - b[1]];
}

export function vscale(a: Vec2, s: number): Vec2 {
  return [a[0] * s, a[1] * s];
}

/** xᵀ M x */
export function quadForm2(m: Mat2, x: Vec2): number {
  return dot2(x, matVec2(m, x));
}

/** Symmetrise (½(M + Mᵀ)) to remove round-off asymmetry. */
export function sym2(m: Mat2): Mat2 {
  const off = 0.5 * (m[0][1] + m[1][0]);
  return [
    [m[0][0], off],
    [off, m[1][1]],
  ];
}

/** Lower Cholesky factor of a symmetric positive-definite 2×2 matrix. */
export function chol2(m: Mat2): Mat2 {
  const l00 = Math.sqrt(m[0][0]);
  const l10 = m[1][0] / l00;
  const l11 = Math.sqrt(Math.max(m[1][1] - l10 * l10, 0));
  return [
    [l00, 0],
    [l10, l11],
  ];
}

/** Eigenvalues of a symmetric 2×2 matrix, ascending. */
export function eigSym2(m: Mat2): [number, number] {
  const a = m[0][0];
  const d = m[1][1];
  const b = 0.5 * (m[0][1] + m[1][0]);
  const mean = 0.5 * (a + d);
  const rad = Math.sqrt(0.25 * (a - d) * (a - d) + b * b);
  return [mean - rad, mean + rad];
}

export function isSymmetricPd(m: Mat2, tol = 1e-12): boolean {
  if (Math.abs(m[0][1] - m[1][0]) > 1e-9 * (1 + Math.abs(m[0][1]))) return false;
  return eigSym2(m)[0] > tol;
}
