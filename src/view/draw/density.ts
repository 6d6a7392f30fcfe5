/**
 * Gaussian-mixture densities on a grid, in plain JavaScript on the main thread (a few thousand cells times a
 * few components: well under a millisecond), for the canvas background and the exact-target contours.
 */
import type { GmmSpec } from '../../core/types';
import type { View } from './view';

export interface DensityGrid {
  /** Cells per side; cell (i, j) is column i (x) and row j (y, top row first). */
  size: number;
  values: Float32Array;
  max: number;
}

export function gmmDensityGrid(spec: GmmSpec, view: View, size: number): DensityGrid {
  const comps = spec.weights.map((w, k) => {
    const [[a, b], [, d]] = spec.covs[k];
    const det = a * d - b * b;
    return { w: w / (2 * Math.PI * Math.sqrt(det)), mx: spec.means[k][0], my: spec.means[k][1], pa: d / det, pb: -b / det, pd: a / det };
  });
  const values = new Float32Array(size * size);
  let max = 0;
  const step = (2 * view.half) / size;
  for (let j = 0; j < size; j++) {
    const y = view.cy + view.half - (j + 0.5) * step;
    for (let i = 0; i < size; i++) {
      const x = view.cx - view.half + (i + 0.5) * step;
      let p = 0;
      for (const c of comps) {
        const dx = x - c.mx;
        const dy = y - c.my;
        p += c.w * Math.exp(-0.5 * (c.pa * dx * dx + 2 * c.pb * dx * dy + c.pd * dy * dy));
      }
      values[j * size + i] = p;
      if (p > max) max = p;
    }
  }
  return { size, values, max };
}
