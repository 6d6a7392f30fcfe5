/**
 * The canvas's density grid, contours and shading (src/view/draw): the grid against the mixture density written
 * out directly, the iso-lines of an isotropic Gaussian against the circle where its density equals the level, and
 * the background shade at its ends.
 */
import { describe, expect, test } from 'vitest';
import { CONTOUR_FRACTIONS, isoSegments } from '../../../../src/view/draw/contours';
import { gmmDensityGrid, gmmDensityGridInBands } from '../../../../src/view/draw/density';
import { densityShade } from '../../../../src/view/palette';
import type { GmmSpec } from '../../../../src/core/types';

const MIXTURE: GmmSpec = {
  weights: [0.3, 0.7],
  means: [
    [-1, 0.5],
    [1.5, -1],
  ],
  covs: [
    [
      [0.4, 0.15],
      [0.15, 0.3],
    ],
    [
      [0.2, -0.05],
      [-0.05, 0.5],
    ],
  ],
};

/** The mixture's density at (x, y), from the textbook formula. */
function density(spec: GmmSpec, x: number, y: number): number {
  return spec.weights.reduce((p, w, k) => {
    const [[a, b], [, d]] = spec.covs[k];
    const det = a * d - b * b;
    const dx = x - spec.means[k][0];
    const dy = y - spec.means[k][1];
    const q = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
    return p + (w * Math.exp(-q / 2)) / (2 * Math.PI * Math.sqrt(det));
  }, 0);
}

describe('gmmDensityGrid', () => {
  test('each cell holds the density at its centre (rows from the top), and max is the largest cell', () => {
    const view = { cx: 0.2, cy: -0.3, half: 3 };
    const size = 40;
    const grid = gmmDensityGrid(MIXTURE, view, size);
    const step = (2 * view.half) / size;
    let max = 0;
    for (let j = 0; j < size; j++)
      for (let i = 0; i < size; i++) {
        const x = view.cx - view.half + (i + 0.5) * step;
        const y = view.cy + view.half - (j + 0.5) * step;
        const want = density(MIXTURE, x, y);
        // Stored as float32: relative error at most 2^-24 plus the exp's rounding.
        expect(Math.abs(grid.values[j * size + i] - want)).toBeLessThanOrEqual(1e-6 * want + 1e-30);
        max = Math.max(max, grid.values[j * size + i]);
      }
    expect(grid.max).toBe(max);
  });

  test('made in bands, it pauses once between two bands and ends with the same grid as made at once', () => {
    const view = { cx: 0.2, cy: -0.3, half: 3 };
    const size = 40;
    const steps = gmmDensityGridInBands(MIXTURE, view, size, 12);
    let pauses = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) pauses++;
    // Rows 0–11, 12–23, 24–35, 36–39: four bands, three pauses.
    expect(pauses).toBe(3);
    const atOnce = gmmDensityGrid(MIXTURE, view, size);
    expect(next.value.max).toBe(atOnce.max);
    expect(Array.from(next.value.values)).toEqual(Array.from(atOnce.values));
  });
});

describe('isoSegments', () => {
  // N(0, σ²I) on a 60-cell grid over [−3, 3]²: its density equals `level` on the circle r = σ √(−2 ln(level · 2πσ²)).
  const sigma = 0.8;
  const spec: GmmSpec = {
    weights: [1],
    means: [[0, 0]],
    covs: [
      [
        [sigma * sigma, 0],
        [0, sigma * sigma],
      ],
    ],
  };
  const size = 60;
  const view = { cx: 0, cy: 0, half: 3 };
  const grid = gmmDensityGrid(spec, view, size);
  const cell = (2 * view.half) / size;

  test.each(CONTOUR_FRACTIONS)('at %f of the peak, every end point lies on the circle and on a cell edge at the level', (fraction) => {
    const level = fraction * grid.max;
    const radius = sigma * Math.sqrt(-2 * Math.log(level * 2 * Math.PI * sigma * sigma));
    const segments = isoSegments(grid, level);
    expect(segments.length % 4).toBe(0);
    expect(segments.length).toBeGreaterThan(0);
    for (let s = 0; s < segments.length; s += 2) {
      const gx = segments[s];
      const gy = segments[s + 1];
      // Grid units to plane coordinates: sample (i, j) sits at (i + 0.5, j + 0.5).
      const x = view.cx - view.half + gx * cell;
      const y = view.cy + view.half - gy * cell;
      // Linear interpolation of a convex bump along an edge: off the circle by well under a cell.
      expect(Math.abs(Math.hypot(x, y) - radius)).toBeLessThan(0.05 * cell + 1e-3);
      // On a horizontal edge (y at a sample row) or a vertical one (x at a sample column), interpolating the two
      // samples of that edge at the end point gives the level.
      const onRow = Math.abs(gy - 0.5 - Math.round(gy - 0.5)) < 1e-9;
      const onColumn = Math.abs(gx - 0.5 - Math.round(gx - 0.5)) < 1e-9;
      expect(onRow || onColumn).toBe(true);
      const at = (i: number, j: number) => grid.values[j * size + i];
      if (onRow && !onColumn) {
        const j = Math.round(gy - 0.5);
        const i = Math.floor(gx - 0.5);
        const t = gx - 0.5 - i;
        expect(at(i, j) + t * (at(i + 1, j) - at(i, j))).toBeCloseTo(level, 6);
      } else if (onColumn && !onRow) {
        const i = Math.round(gx - 0.5);
        const j = Math.floor(gy - 0.5);
        const t = gy - 0.5 - j;
        expect(at(i, j) + t * (at(i, j + 1) - at(i, j))).toBeCloseTo(level, 6);
      }
    }
  });

  test('the contour is closed: every end point is shared by exactly two segments', () => {
    const segments = isoSegments(grid, 0.2 * grid.max);
    const uses = new Map<string, number>();
    for (let s = 0; s < segments.length; s += 2) {
      const key = `${segments[s].toFixed(6)},${segments[s + 1].toFixed(6)}`;
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
    expect([...uses.values()].every((n) => n === 2)).toBe(true);
  });

  test('a level above the peak or below every sample draws nothing', () => {
    expect(isoSegments(grid, 2 * grid.max)).toEqual([]);
    expect(isoSegments(grid, 0)).toEqual([]);
  });
});

describe('densityShade', () => {
  test('paper white at no density, the full grey-blue at the peak, always opaque; values outside [0, 1] are clamped', () => {
    const data = new Uint8ClampedArray(12);
    densityShade(0, data, 0);
    densityShade(1, data, 4);
    densityShade(7, data, 8);
    expect([...data]).toEqual([252, 252, 253, 255, 132, 147, 175, 255, 132, 147, 175, 255]);
  });
});
