/**
 * Iso-lines of a density grid by marching squares: each 2×2 block of samples contributes up to two segments,
 * with end points placed by linear interpolation along the block's edges. Coordinates are in grid units
 * (sample (i, j) sits at (i + 0.5, j + 0.5)), to be scaled to pixels by the caller.
 */
import type { DensityGrid } from './density';

export type Segment = [number, number, number, number];

/** Edges of a block: 0 top, 1 right, 2 bottom, 3 left. Per corner mask (tl=8, tr=4, br=2, bl=1), the edge pairs. */
const CASES: number[][] = [
  [],
  [3, 2],
  [2, 1],
  [3, 1],
  [0, 1],
  [3, 0, 2, 1], // saddle, resolved below by the block mean
  [0, 2],
  [3, 0],
  [3, 0],
  [0, 2],
  [0, 1, 3, 2], // saddle
  [0, 1],
  [3, 1],
  [2, 1],
  [3, 2],
  [],
];

export function isoSegments(grid: DensityGrid, level: number): Segment[] {
  const { size, values } = grid;
  const out: Segment[] = [];
  const at = (i: number, j: number) => values[j * size + i];
  const lerp = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let j = 0; j < size - 1; j++) {
    for (let i = 0; i < size - 1; i++) {
      const tl = at(i, j);
      const tr = at(i + 1, j);
      const br = at(i + 1, j + 1);
      const bl = at(i, j + 1);
      const mask = (tl >= level ? 8 : 0) | (tr >= level ? 4 : 0) | (br >= level ? 2 : 0) | (bl >= level ? 1 : 0);
      let edges = CASES[mask];
      if (edges.length === 0) continue;
      if (mask === 5 || mask === 10) {
        const centreAbove = (tl + tr + br + bl) / 4 >= level;
        if (mask === 5) edges = centreAbove ? [3, 0, 2, 1] : [3, 2, 0, 1];
        else edges = centreAbove ? [0, 1, 3, 2] : [0, 3, 1, 2];
      }
      const point = (edge: number): [number, number] => {
        const x = i + 0.5;
        const y = j + 0.5;
        if (edge === 0) return [x + lerp(tl, tr), y];
        if (edge === 1) return [x + 1, y + lerp(tr, br)];
        if (edge === 2) return [x + lerp(bl, br), y + 1];
        return [x, y + lerp(tl, bl)];
      };
      for (let e = 0; e < edges.length; e += 2) {
        const [x1, y1] = point(edges[e]);
        const [x2, y2] = point(edges[e + 1]);
        out.push([x1, y1, x2, y2]);
      }
    }
  }
  return out;
}

/** Contour levels at fixed fractions of the peak, so that the picture does not depend on the scale. */
export const CONTOUR_FRACTIONS = [0.05, 0.2, 0.45, 0.75];
