/**
 * Framing (view/draw/framing.ts) and the camera (view/draw/camera.ts): the fitted window holds what it must (a
 * mixture at 3 sd, the central 99 % of the particles, with the margin), ignores a few strays, and the camera
 * glides to new fits in auto mode, keeps the user's window in manual mode, and returns with fit().
 */
import { describe, expect, it } from 'vitest';
import { Camera, GLIDE_MS } from '../../../src/view/draw/camera';
import { FIT_MARGIN, boxOfGmm, boxOfPoints, fitView, lerpView, niceStep, panBy, tickLabel, zoomAbout } from '../../../src/view/draw/framing';
import { DEFAULT_VIEW, transformFor } from '../../../src/view/draw/view';
import { tiltGmm } from '../../../src/core/exact/tilt';

const inside = (v: { cx: number; cy: number; half: number }, x: number, y: number) => Math.abs(x - v.cx) <= v.half && Math.abs(y - v.cy) <= v.half;

describe('framing', () => {
  it('a mixture box reaches 3 sd around each component and skips negligible ones', () => {
    const b = boxOfGmm({ weights: [0.5, 0.5, 1e-6], means: [[-2, 0], [3, 1], [100, 100]], covs: [[[0.25, 0], [0, 1]], [[1, 0], [0, 0.04]], [[1, 0], [0, 1]]] });
    expect(b).toEqual({ x0: -3.5, x1: 6, y0: -3, y1: 3 });
  });

  it('the particle box is the central 99 %: strays do not stretch it', () => {
    const n = 2000;
    const pts = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      pts[2 * i] = (i / (n - 1)) * 10; // uniform on [0, 10]
      pts[2 * i + 1] = 5;
    }
    pts[0] = 1e6; // one stray
    pts[3] = Number.NaN; // and a non-finite one
    const b = boxOfPoints(pts)!;
    expect(b.x0).toBeGreaterThan(0);
    expect(b.x0).toBeLessThan(0.1);
    expect(b.x1).toBeLessThan(10);
    expect(b.x1).toBeGreaterThan(9.9);
    expect(b.y0).toBe(5);
  });

  it('the fit is square, centred on the union, with the margin, and falls back when there is nothing', () => {
    const v = fitView([{ x0: -1, x1: 3, y0: 0, y1: 1 }, null, { x0: 0, x1: 1, y0: -2, y1: 0 }], DEFAULT_VIEW);
    expect(v.cx).toBeCloseTo(1);
    expect(v.cy).toBeCloseTo(-0.5);
    expect(v.half).toBeCloseTo(2 * (1 + FIT_MARGIN));
    expect(fitView([null], DEFAULT_VIEW)).toBe(DEFAULT_VIEW);
  });

  it('at λ = 0.05 (linear reward) the fit holds the base and the tilted target, which has left the base window', () => {
    const base = { weights: [0.5, 0.5], means: [[-2, 0], [2, 0]] as [number, number][], covs: [[[0.3, 0], [0, 0.3]], [[0.3, 0], [0, 0.3]]] as [[number, number], [number, number]][] };
    const target = tiltGmm(base, { A: [[0, 0], [0, 0]], b: [1, -0.5], c: 0 }, 0.05).spec;
    const v = fitView([boxOfGmm(base), boxOfGmm(target)], DEFAULT_VIEW);
    target.means.forEach((m, k) => {
      if (target.weights[k] < 1e-3) return;
      const sd = Math.sqrt(target.covs[k][0][0]);
      expect(inside(DEFAULT_VIEW, m[0], m[1]) && inside(DEFAULT_VIEW, m[0] + 3 * sd, m[1])).toBe(false);
      expect(inside(v, m[0] + 3 * sd, m[1] - 3 * sd)).toBe(true);
      expect(inside(v, m[0] - 3 * sd, m[1] + 3 * sd)).toBe(true);
    });
  });

  it('zooming about a point keeps that point where it is on screen; pan moves the centre', () => {
    const v = { cx: 1, cy: -1, half: 4 };
    const z = zoomAbout(v, 2, 3, 2);
    expect(z.half).toBe(2);
    const before = transformFor(v, 400).toPx(3, 2);
    const after = transformFor(z, 400).toPx(3, 2);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
    expect(panBy(v, 0.5, -2)).toEqual({ cx: 1.5, cy: -3, half: 4 });
  });

  it('the glide zooms geometrically and ends exactly on the target', () => {
    const a = { cx: 0, cy: 0, half: 1 };
    const b = { cx: 4, cy: 2, half: 16 };
    expect(lerpView(a, b, 0.5)).toEqual({ cx: 2, cy: 1, half: 4 });
    expect(lerpView(a, b, 1)).toEqual(b);
  });

  it('grid steps are 1, 2 or 5 × 10^k and their labels carry just the decimals they need', () => {
    expect(niceStep(9)).toBe(2);
    expect(niceStep(30)).toBe(5);
    expect(niceStep(0.6)).toBeCloseTo(0.1);
    expect(tickLabel(0.30000000000000004, 0.1)).toBe('0.3');
    expect(tickLabel(-4, 2)).toBe('-4');
    expect(tickLabel(-0.0000001, 0.05)).toBe('0.00');
  });
});

describe('camera', () => {
  it('takes the first fit at once, glides to the next, keeps a manual window and returns with fit()', () => {
    let wakes = 0;
    const cam = new Camera(DEFAULT_VIEW, () => wakes++);
    const first = { cx: 1, cy: 1, half: 3 };
    cam.setFitted(first);
    expect(cam.state.view).toEqual(first);
    const second = { cx: 5, cy: 1, half: 6 };
    cam.setFitted(second);
    expect(wakes).toBe(1);
    expect(cam.tick(1000)).toBe(true);
    expect(cam.state.view).toEqual(first);
    expect(cam.tick(1000 + GLIDE_MS / 2)).toBe(true);
    expect(cam.state.view.cx).toBeGreaterThan(1);
    expect(cam.state.view.cx).toBeLessThan(5);
    expect(cam.tick(1000 + GLIDE_MS)).toBe(false);
    expect(cam.state.view).toEqual(second);

    const mine = { cx: -3, cy: 0, half: 1 };
    cam.setManual(mine);
    cam.setFitted({ cx: 9, cy: 9, half: 9 });
    expect(cam.state.view).toEqual(mine);
    expect(cam.state.mode).toBe('manual');
    cam.fit();
    expect(cam.state.mode).toBe('auto');
    cam.tick(0);
    cam.tick(GLIDE_MS);
    expect(cam.state.view).toEqual({ cx: 9, cy: 9, half: 9 });
  });
});
