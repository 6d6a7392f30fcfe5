/**
 * Iso-lines of a density grid by marching squares: each 2×2 block of samples contributes up to two segments,
 * with end points placed by linear interpolation along the block's edges. Coordinates are in grid units
 * (sample (i, j) sits at (i + 0.5, j + 0.5)), to be scaled to pixels by the caller.
 *
 * The segments come back flat, x1 y1 x2 y2 after one another, and nothing is allocated per block: the page's first
 * contours run on code the engine has not optimised yet, where every small array is paid for.
 */
import type { DensityGrid } from './density';

/** Segments as a flat list: segment s is (x1, y1, x2, y2) = entries 4s … 4s + 3. */
export type Segments = number[];

/**
 * Edges of a block: 0 top, 1 right, 2 bottom, 3 left. Per corner mask (tl=8, tr=4, br=2, bl=1), the edge pairs,
 * packed two edges per pair as 4·from + to, or −1 for none. Saddles (5 and 10) are resolved by the block mean.
 */
const PAIR_1 = [-1, 14, 9, 13, 1, -1, 2, 12, 12, 2, -1, 1, 13, 9, 14, -1];

export function isoSegments(grid: DensityGrid, level: number): Segments {
  const { size, values } = grid;
  const out: Segments = [];
  for (let j = 0; j < size - 1; j++) {
    const row = j * size;
    for (let i = 0; i < size - 1; i++) {
      const tl = values[row + i];
      const tr = values[row + i + 1];
      const br = values[row + size + i + 1];
      const bl = values[row + size + i];
      const mask = (tl >= level ? 8 : 0) | (tr >= level ? 4 : 0) | (br >= level ? 2 : 0) | (bl >= level ? 1 : 0);
      if (mask === 0 || mask === 15) continue;
      if (mask === 5 || mask === 10) {
        const centreAbove = (tl + tr + br + bl) / 4 >= level;
        // mask 5 (tr and bl above): centre above joins 3–0 and 2–1, else 3–2 and 0–1.
        // mask 10 (tl and br above): centre above joins 0–1 and 3–2, else 0–3 and 1–2.
        if (mask === 5) {
          if (centreAbove) {
            pushSegment(out, i, j, 3, 0, tl, tr, br, bl, level);
            pushSegment(out, i, j, 2, 1, tl, tr, br, bl, level);
          } else {
            pushSegment(out, i, j, 3, 2, tl, tr, br, bl, level);
            pushSegment(out, i, j, 0, 1, tl, tr, br, bl, level);
          }
        } else if (centreAbove) {
          pushSegment(out, i, j, 0, 1, tl, tr, br, bl, level);
          pushSegment(out, i, j, 3, 2, tl, tr, br, bl, level);
        } else {
          pushSegment(out, i, j, 0, 3, tl, tr, br, bl, level);
          pushSegment(out, i, j, 1, 2, tl, tr, br, bl, level);
        }
        continue;
      }
      const pair = PAIR_1[mask];
      pushSegment(out, i, j, pair >> 2, pair & 3, tl, tr, br, bl, level);
    }
  }
  return out;
}

/** Where `level` crosses from a to b, as a fraction of the way (the middle where a = b). */
function cross(a: number, b: number, level: number): number {
  return a === b ? 0.5 : (level - a) / (b - a);
}

function pushSegment(out: Segments, i: number, j: number, from: number, to: number, tl: number, tr: number, br: number, bl: number, level: number): void {
  pushEdgePoint(out, i, j, from, tl, tr, br, bl, level);
  pushEdgePoint(out, i, j, to, tl, tr, br, bl, level);
}

function pushEdgePoint(out: Segments, i: number, j: number, edge: number, tl: number, tr: number, br: number, bl: number, level: number): void {
  const x = i + 0.5;
  const y = j + 0.5;
  if (edge === 0) out.push(x + cross(tl, tr, level), y);
  else if (edge === 1) out.push(x + 1, y + cross(tr, br, level));
  else if (edge === 2) out.push(x + cross(bl, br, level), y + 1);
  else out.push(x, y + cross(tl, bl, level));
}

/** Contour levels at fixed fractions of the peak, so that the picture does not depend on the scale. */
export const CONTOUR_FRACTIONS = [0.05, 0.2, 0.45, 0.75];
