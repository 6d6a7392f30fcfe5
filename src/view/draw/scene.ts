/**
 * Paints one lane's picture on a 2-D canvas context already scaled to CSS pixels: the base-density
 * background, the coordinate grid, the exact target's contours, the reward's glyph, optional trajectory
 * trails and the particles. Pure drawing: everything it shows comes in through `SceneInput`; what lies under the
 * particles is drawn once and copied each frame while it stays the same (underlay.ts).
 */
import { drawPointLayer, POINT_LAYER_MIN_POINTS } from './pointLayer';
import type { RewardSpec } from '../../core/scenario';
import type { GmmSpec } from '../../core/types';
import { PALETTE } from '../palette';
import { CONTOUR_FRACTIONS, isoSegments } from './contours';
import { gmmDensityGrid, gmmDensityGridInBands } from './density';
import { niceStep, tickLabel } from './framing';
import type { Transform, View } from './view';
import { squareCanvas } from './squareCanvas';
import { drawUnderlay } from './underlay';

export interface SceneInput {
  size: number;
  view: View;
  transform: Transform;
  background: HTMLCanvasElement | OffscreenCanvas | null;
  /** Training data of a learned model, drawn faintly in place of a density it does not have. */
  backgroundPoints: Float32Array | null;
  target: GmmSpec | null;
  reward: RewardSpec | null;
  points: Float32Array | null;
  /** Kept step frames for trails, and the steps at which particles were resampled (a trail breaks there). */
  trails: Array<{ step: number; points: Float32Array }> | null;
  resampledSteps: ReadonlySet<number>;
  color: string;
  /** Cap on drawn trails, so that trails stay legible. */
  trailCount: number;
  /** Size of the axis labels in CSS pixels (default 11; larger in presentation mode). */
  labelPx?: number;
}

/**
 * The base density as a small image (one pixel per grid cell), scaled up smoothly when drawn; made `bandRows` rows at
 * a time, the grid then the shading, pausing after each band (inBands.ts).
 */
export function* densityImageInBands(
  spec: GmmSpec,
  view: View,
  cells: number,
  shade: (u: number, data: Uint8ClampedArray, offset: number) => void,
  bandRows: number,
): Generator<void, OffscreenCanvas | HTMLCanvasElement> {
  const grid = yield* gmmDensityGridInBands(spec, view, cells, bandRows);
  yield;
  const canvas = squareCanvas(cells);
  if (!canvas) throw new Error('no canvas to draw the background on');
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  const image = ctx.createImageData(cells, cells);
  const band = bandRows * cells;
  for (let p = 0; p < grid.values.length; p++) {
    if (p > 0 && p % band === 0) yield;
    shade(grid.max > 0 ? grid.values[p] / grid.max : 0, image.data, 4 * p);
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

type Ctx = CanvasRenderingContext2D;

/**
 * Grid lines and their labels at a "nice" spacing (1, 2 or 5 × 10^k) for the window shown, so that the ticks
 * follow a pan or a zoom; the axes x = 0 and y = 0 are drawn darker.
 */
function drawGrid(ctx: Ctx, s: SceneInput): void {
  const { view, transform, size } = s;
  const step = niceStep(2 * view.half);
  const first = (c: number) => Math.ceil((c - view.half) / step);
  const last = (c: number) => Math.floor((c + view.half) / step);
  ctx.lineWidth = 1;
  for (let i = first(view.cx); i <= last(view.cx); i++) {
    const [px] = transform.toPx(i * step, 0);
    ctx.strokeStyle = i === 0 ? 'rgba(27,31,36,0.28)' : 'rgba(27,31,36,0.08)';
    ctx.beginPath();
    ctx.moveTo(Math.round(px) + 0.5, 0);
    ctx.lineTo(Math.round(px) + 0.5, size);
    ctx.stroke();
  }
  for (let i = first(view.cy); i <= last(view.cy); i++) {
    const [, py] = transform.toPx(0, i * step);
    ctx.strokeStyle = i === 0 ? 'rgba(27,31,36,0.28)' : 'rgba(27,31,36,0.08)';
    ctx.beginPath();
    ctx.moveTo(0, Math.round(py) + 0.5);
    ctx.lineTo(size, Math.round(py) + 0.5);
    ctx.stroke();
  }
  ctx.fillStyle = PALETTE.muted;
  ctx.font = `${s.labelPx ?? 11}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
  ctx.textBaseline = 'bottom';
  // x labels along the bottom, each right of its line, wherever it fits inside the frame.
  for (let i = first(view.cx); i <= last(view.cx); i++) {
    const [px] = transform.toPx(i * step, 0);
    const label = tickLabel(i * step, step);
    if (px > 14 && px + 3 + ctx.measureText(label).width < size - 3) ctx.fillText(label, px + 3, size - 3);
  }
  // y labels along the left, above their lines; none in the top row, which the overlay captions cover.
  for (let i = first(view.cy); i <= last(view.cy); i++) {
    const [, py] = transform.toPx(0, i * step);
    if (py > 36 && py < size - 18) ctx.fillText(tickLabel(i * step, step), 4, py - 2);
  }
}

/** Contour segments per target spec (the spec object is replaced, never mutated, when the run changes). */
const contourCache = new WeakMap<GmmSpec, { key: string; levels: Array<ReturnType<typeof isoSegments>> }>();

/** The contour segments of `spec` at each level of CONTOUR_FRACTIONS, in grid cells, cached per spec and window. */
export function contourLevels(spec: GmmSpec, view: View): Array<ReturnType<typeof isoSegments>> {
  const key = `${view.cx},${view.cy},${view.half}`;
  const hit = contourCache.get(spec);
  if (hit && hit.key === key) return hit.levels;
  const grid = gmmDensityGrid(spec, view, CONTOUR_CELLS);
  const levels = CONTOUR_FRACTIONS.map((f) => isoSegments(grid, f * grid.max));
  contourCache.set(spec, { key, levels });
  return levels;
}

const CONTOUR_CELLS = 120;

function drawContours(ctx: Ctx, s: SceneInput, spec: GmmSpec): void {
  const k = s.size / CONTOUR_CELLS;
  ctx.strokeStyle = PALETTE.exact;
  contourLevels(spec, s.view).forEach((segments, i) => {
    ctx.lineWidth = i === 0 ? 1 : 1.6;
    ctx.globalAlpha = i === 0 ? 0.55 : 0.9;
    ctx.beginPath();
    for (let s4 = 0; s4 < segments.length; s4 += 4) {
      ctx.moveTo(segments[s4] * k, segments[s4 + 1] * k);
      ctx.lineTo(segments[s4 + 2] * k, segments[s4 + 3] * k);
    }
    ctx.stroke();
  });
  ctx.globalAlpha = 1;
}

function arrow(ctx: Ctx, x1: number, y1: number, x2: number, y2: number): void {
  const a = Math.atan2(y2 - y1, x2 - x1);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x2, y2);
  ctx.lineTo(x2 - 9 * Math.cos(a - 0.45), y2 - 9 * Math.sin(a - 0.45));
  ctx.lineTo(x2 - 9 * Math.cos(a + 0.45), y2 - 9 * Math.sin(a + 0.45));
  ctx.closePath();
  ctx.fill();
}

/** Linear: an arrow along θ ("reward grows this way"); quadratic: a target mark at c; max-linear: one arrow per piece. */
function drawReward(ctx: Ctx, s: SceneInput, reward: RewardSpec): void {
  const { transform, size } = s;
  ctx.strokeStyle = PALETTE.reward;
  ctx.fillStyle = PALETTE.reward;
  ctx.lineWidth = 2.2;
  // A compass in the top-right corner, scaled down on small canvases so that it hides few particles.
  const radius = Math.max(20, Math.min(34, size * 0.055));
  const [ox, oy] = [size - radius - 10, radius + 10];
  if (reward.kind === 'linear' || reward.kind === 'max-linear') {
    const thetas = reward.kind === 'linear' ? [reward.theta] : reward.thetas;
    ctx.fillStyle = 'rgba(255,255,255,0.82)';
    ctx.beginPath();
    ctx.arc(ox, oy, radius, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = PALETTE.reward;
    for (const [tx, ty] of thetas) {
      const n = Math.hypot(tx, ty);
      if (n === 0) continue;
      arrow(ctx, ox, oy, ox + (0.72 * radius * tx) / n, oy - (0.72 * radius * ty) / n);
    }
  } else if (reward.kind === 'quadratic') {
    const [cx, cy] = transform.toPx(reward.c[0], reward.c[1]);
    ctx.beginPath();
    ctx.arc(cx, cy, 9, 0, 2 * Math.PI);
    ctx.moveTo(cx - 15, cy);
    ctx.lineTo(cx + 15, cy);
    ctx.moveTo(cx, cy - 15);
    ctx.lineTo(cx, cy + 15);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

function drawTrails(ctx: Ctx, s: SceneInput, frames: Array<{ step: number; points: Float32Array }>): void {
  if (frames.length < 2) return;
  const count = frames[0].points.length / 2;
  const n = Math.min(s.trailCount, count);
  const stride = Math.max(1, Math.floor(count / n));
  // After a resample, particle i continues another particle's path: no segment across it.
  const breakBefore = frames.map((f, k) => {
    if (k === 0) return true;
    for (let step = frames[k - 1].step + 1; step <= f.step; step++) if (s.resampledSteps.has(step)) return true;
    return false;
  });
  ctx.strokeStyle = s.color;
  ctx.globalAlpha = 0.3;
  ctx.lineWidth = 0.9;
  ctx.beginPath();
  for (let p = 0; p < n; p++) {
    const i = p * stride;
    frames.forEach((f, k) => {
      const [px, py] = s.transform.toPx(f.points[2 * i], f.points[2 * i + 1]);
      if (breakBefore[k]) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/** One pre-rendered round dot per colour, size and resolution: drawImage is far cheaper than arc() per point. */
const sprites = new Map<string, HTMLCanvasElement | OffscreenCanvas>();

function dotSprite(color: string, radius: number, dpr: number): HTMLCanvasElement | OffscreenCanvas {
  const key = `${color}/${radius}/${dpr}`;
  const made = sprites.get(key);
  if (made) return made;
  const px = Math.ceil(2 * radius * dpr) + 2;
  const sprite = squareCanvas(px);
  if (!sprite) throw new Error('no canvas to draw the dots with');
  const ctx = sprite.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(px / 2, px / 2, radius * dpr, 0, 2 * Math.PI);
  ctx.fill();
  sprites.set(key, sprite);
  return sprite;
}

function drawPoints(ctx: Ctx, s: SceneInput, points: Float32Array, alphaScale = 1): void {
  const n = points.length / 2;
  // Smaller, fainter dots for big clouds so that density stays readable.
  const r = n > 8192 ? 1.2 : n > 2048 ? 1.6 : 2.1;
  const dpr = ctx.getTransform().a || 1;
  const alpha = (n > 8192 ? 0.4 : n > 2048 ? 0.55 : 0.75) * alphaScale;
  const { scale } = s.transform;
  // Big clouds: one image for all the dots (pointLayer.ts), the same picture at a fraction of the cost.
  if (n > POINT_LAYER_MIN_POINTS) {
    const drawn = drawPointLayer(ctx, points, { size: s.size, dpr, x0: s.view.cx - s.view.half, y0: s.view.cy + s.view.half, scale, radius: r, alpha, color: s.color });
    if (drawn) return;
  }
  const sprite = dotSprite(s.color, r, dpr);
  const half = sprite.width / dpr / 2;
  const size = sprite.width / dpr;
  ctx.globalAlpha = alpha;
  const ox = s.view.half - s.view.cx;
  const oy = s.view.cy + s.view.half;
  for (let i = 0; i < n; i++) {
    const px = (points[2 * i] + ox) * scale;
    const py = (oy - points[2 * i + 1]) * scale;
    if (px < -4 || py < -4 || px > s.size + 4 || py > s.size + 4) continue;
    ctx.drawImage(sprite, px - half, py - half, size, size);
  }
  ctx.globalAlpha = 1;
}

/** What lies under the particles and changes only with the view, the model, the target or the size (underlay.ts). */
export function drawSceneUnderlay(ctx: Ctx, s: SceneInput): void {
  if (s.background) {
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(s.background, 0, 0, s.size, s.size);
  } else {
    ctx.fillStyle = '#fbfbfc';
    ctx.fillRect(0, 0, s.size, s.size);
  }
  drawGrid(ctx, s);
  if (s.backgroundPoints) drawPoints(ctx, { ...s, color: '#9aa5b4' }, s.backgroundPoints, 0.45);
  if (s.target) drawContours(ctx, s, s.target);
}

export function drawScene(ctx: Ctx, s: SceneInput): void {
  ctx.clearRect(0, 0, s.size, s.size);
  if (!drawUnderlay(ctx, s, drawSceneUnderlay)) drawSceneUnderlay(ctx, s);
  if (s.trails) drawTrails(ctx, s, s.trails);
  if (s.points) drawPoints(ctx, s, s.points);
  if (s.reward) drawReward(ctx, s, s.reward);
}
