// The big-cloud drawing path (src/view/draw/pointLayer.ts): dots stamped into a transparency buffer, checked
// against coverages worked out by hand from the ramp clamp(radius + ½ − d, 0, 1).
import { describe, expect, it } from 'vitest';
import { hexColor, stampDots } from '../../../src/view/draw/pointLayer';

const at = (keep: Float32Array, width: number, i: number, j: number) => keep[j * width + i];

describe('stampDots', () => {
  // Plane and pixels coincide: px = x, py = 5 − y on a 5 × 5 buffer, so the plane point (2.5, 2.5) is pixel (2, 2)'s centre.
  const flat = { width: 5, scale: 1, x0: 0, y0: 5 };

  it('covers the centre pixel fully, edge neighbours by half, diagonal ones by 1.5 − √2, and nothing two pixels away', () => {
    const keep = new Float32Array(25).fill(1);
    stampDots(Float32Array.of(2.5, 2.5), { ...flat, radius: 1, alpha: 0.5 }, keep);
    expect(at(keep, 5, 2, 2)).toBeCloseTo(0.5, 6);
    for (const [i, j] of [[1, 2], [3, 2], [2, 1], [2, 3]]) expect(at(keep, 5, i, j)).toBeCloseTo(1 - 0.5 * 0.5, 6);
    for (const [i, j] of [[1, 1], [3, 1], [1, 3], [3, 3]]) expect(at(keep, 5, i, j)).toBeCloseTo(1 - 0.5 * (1.5 - Math.SQRT2), 6);
    for (const [i, j] of [[0, 2], [4, 2], [2, 0], [2, 4], [0, 0], [4, 4]]) expect(at(keep, 5, i, j)).toBe(1);
  });

  it('composites dots one over another: two at one place leave (1 − α)² of the light', () => {
    const keep = new Float32Array(25).fill(1);
    stampDots(Float32Array.of(2.5, 2.5, 2.5, 2.5), { ...flat, radius: 1, alpha: 0.4 }, keep);
    expect(at(keep, 5, 2, 2)).toBeCloseTo(0.6 * 0.6, 6);
    expect(at(keep, 5, 3, 2)).toBeCloseTo((1 - 0.4 * 0.5) ** 2, 6);
  });

  it('places points through the view: (x − x0)·scale across, (y0 − y)·scale down', () => {
    // x0 = −1, y0 = 1, 2 px per unit on a 4 × 4 buffer: the origin lands on the corner shared by pixels (1..2, 1..2).
    const keep = new Float32Array(16).fill(1);
    stampDots(Float32Array.of(0, 0), { width: 4, scale: 2, x0: -1, y0: 1, radius: 0.5, alpha: 1 }, keep);
    const corner = Math.SQRT1_2; // coverage 1 − √½ at distance √½, fully opaque: √½ of the light is left
    for (const [i, j] of [[1, 1], [2, 1], [1, 2], [2, 2]]) expect(at(keep, 4, i, j)).toBeCloseTo(corner, 6);
    expect(at(keep, 4, 0, 0)).toBe(1);
    // (0.75, 0.75) is pixel (3, 0)'s centre: the top-right pixel.
    const keep2 = new Float32Array(16).fill(1);
    stampDots(Float32Array.of(0.75, 0.75), { width: 4, scale: 2, x0: -1, y0: 1, radius: 0.5, alpha: 1 }, keep2);
    expect(at(keep2, 4, 3, 0)).toBe(0);
    expect(at(keep2, 4, 0, 3)).toBe(1);
  });

  it('skips points off the buffer and clips dots that straddle its edge', () => {
    const keep = new Float32Array(25).fill(1);
    stampDots(Float32Array.of(-3, 2.5, 9, 9, Number.NaN, 1), { ...flat, radius: 1, alpha: 0.5 }, keep);
    expect([...keep].every((v) => v === 1)).toBe(true);
    stampDots(Float32Array.of(0, 2.5), { ...flat, radius: 1, alpha: 0.5 }, keep);
    // The dot's centre is on the left edge at pixel row 2: pixel (0, 2)'s centre is half a pixel away.
    expect(at(keep, 5, 0, 2)).toBeCloseTo(0.5, 6);
    expect(at(keep, 5, 1, 2)).toBe(1); // its centre is 1.5 away: coverage 1.5 − 1.5 = 0
  });
});

describe('stampDots: the pixels it reports', () => {
  it('lists every pixel a dot reaches exactly once, overlapping dots included, and no other', () => {
    const width = 12;
    const keep = new Float32Array(width * width).fill(1);
    const touched = new Int32Array(width * width);
    // Two dots on one place and one overlapping them, one off the buffer, one straddling its corner.
    const points = Float32Array.of(4, 8, 4, 8, 5, 7.5, -5, 3, 11.9, 0.1);
    const count = stampDots(points, { width, scale: 1, x0: 0, y0: width, radius: 1.6, alpha: 0.6 }, keep, touched);
    const listed = [...touched.subarray(0, count)];
    expect(new Set(listed).size).toBe(count);
    const drawn = [...keep.keys()].filter((p) => keep[p] < 1);
    expect(listed.sort((a, b) => a - b)).toEqual(drawn);
    expect(count).toBeGreaterThan(10);
  });

  it('reports nothing, and leaves the buffer, when the dots are fully transparent', () => {
    const keep = new Float32Array(25).fill(1);
    const touched = new Int32Array(25);
    expect(stampDots(Float32Array.of(2.5, 2.5), { ...flatStamp, radius: 1, alpha: 0 }, keep, touched)).toBe(0);
    expect([...keep].every((v) => v === 1)).toBe(true);
  });
});

const flatStamp = { width: 5, scale: 1, x0: 0, y0: 5 };

describe('hexColor', () => {
  it('reads #rrggbb and refuses other syntaxes', () => {
    expect(hexColor('#1f77B4')).toEqual([0x1f, 0x77, 0xb4]);
    expect(hexColor('#fff')).toBeNull();
    expect(hexColor('rgb(1, 2, 3)')).toBeNull();
  });
});
