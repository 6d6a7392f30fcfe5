/**
 * Gaussian-mixture densities on a grid, in plain JavaScript on the main thread, for the canvas background and the
 * exact-target contours. The page's first grid runs on code the engine has not optimised yet, so the loop is kept
 * to one exp and a few multiply-adds per cell and component, with nothing allocated inside it: each component's
 * weight goes into the exponent (log w − ½ qᵀΣ⁻¹q), and the part of the quadratic form that depends only on the row
 * is computed once per row.
 */
import type { GmmSpec } from '../../core/types';
import { runToEnd } from './inBands';
import type { View } from './view';

export interface DensityGrid {
  /** Cells per side; cell (i, j) is column i (x) and row j (y, top row first). */
  size: number;
  values: Float32Array;
  max: number;
}

/** Per component: log of its weight over its normaliser, its mean and the entries of −½Σ⁻¹. */
const LOG_W = 0;
const MX = 1;
const MY = 2;
const HALF_PA = 3;
const PB = 4;
const HALF_PD = 5;
const FIELDS = 6;

export function gmmDensityGrid(spec: GmmSpec, view: View, size: number): DensityGrid {
  return runToEnd(gmmDensityGridInBands(spec, view, size, size));
}

/**
 * The same grid made `bandRows` rows at a time, pausing (a `yield`) after each band but the last, so that a caller can
 * spread the page's first, cold grid over several tasks (useFirstTimeApart).
 */
export function* gmmDensityGridInBands(spec: GmmSpec, view: View, size: number, bandRows: number): Generator<void, DensityGrid> {
  const k = spec.weights.length;
  const comp = new Float64Array(FIELDS * k);
  for (let c = 0; c < k; c++) {
    const [[a, b], [, d]] = spec.covs[c];
    const det = a * d - b * b;
    const o = FIELDS * c;
    comp[o + LOG_W] = Math.log(spec.weights[c] / (2 * Math.PI * Math.sqrt(det)));
    comp[o + MX] = spec.means[c][0];
    comp[o + MY] = spec.means[c][1];
    comp[o + HALF_PA] = (-0.5 * d) / det;
    comp[o + PB] = b / det; // −½ · 2 · (−b/det): the cross term's coefficient
    comp[o + HALF_PD] = (-0.5 * a) / det;
  }
  // Per row, per component: the row's constant part of the exponent and the coefficient of dx.
  const rowConst = new Float64Array(k);
  const rowLinear = new Float64Array(k);
  const values = new Float32Array(size * size);
  let max = 0;
  const step = (2 * view.half) / size;
  for (let j = 0; j < size; j++) {
    if (j > 0 && j % bandRows === 0) yield;
    const y = view.cy + view.half - (j + 0.5) * step;
    for (let c = 0; c < k; c++) {
      const o = FIELDS * c;
      const dy = y - comp[o + MY];
      rowConst[c] = comp[o + LOG_W] + comp[o + HALF_PD] * dy * dy;
      rowLinear[c] = comp[o + PB] * dy;
    }
    for (let i = 0; i < size; i++) {
      const x = view.cx - view.half + (i + 0.5) * step;
      let p = 0;
      for (let c = 0; c < k; c++) {
        const o = FIELDS * c;
        const dx = x - comp[o + MX];
        p += Math.exp(rowConst[c] + dx * (rowLinear[c] + comp[o + HALF_PA] * dx));
      }
      values[j * size + i] = p;
      // The peak as stored (p rounded to float32), so that no cell exceeds it.
      const stored = values[j * size + i];
      if (stored > max) max = stored;
    }
  }
  return { size, values, max };
}
