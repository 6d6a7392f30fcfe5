/**
 * The part of a lane's picture under the moving particles (the base-density background, the grid and its labels,
 * a learned model's training data, the exact target's contours) drawn once into a bitmap and copied onto the
 * canvas each frame, until one of its inputs changes.
 *
 * Why: a 2-D canvas records its drawing and rasterises it when the page's frame is committed, on the main thread.
 * Without a GPU (software canvas), redrawing all of it every frame cost 3.5–4 ms of each playback frame: the
 * background scaled up with smoothing, some 900 antialiased contour segments, the labels' text. Copying the
 * bitmap is one unscaled blit. The picture is the same to the pixel: the underlay is opaque and drawn at the
 * canvas's own device resolution, so copying it onto the cleared canvas reproduces it exactly.
 */
import type { SceneInput } from './scene';
import { squareCanvas } from './squareCanvas';

/** What the underlay is drawn from; two equal keys draw the same pixels. */
interface UnderlayKey {
  width: number;
  dpr: number;
  cx: number;
  cy: number;
  half: number;
  labelPx: number | undefined;
  // Compared by identity: these objects are replaced, never mutated, when the picture changes.
  background: SceneInput['background'];
  backgroundPoints: Float32Array | null;
  target: SceneInput['target'];
}

export type Bitmap = { width: number; height: number; getContext(kind: '2d'): unknown };

/** A canvas of `width` × `width` device pixels to draw an underlay into, or null where none can be made. */
export type MakeBitmap = (width: number) => Bitmap | null;

function keyOf(s: SceneInput, dpr: number): UnderlayKey {
  return {
    width: Math.round(s.size * dpr),
    dpr,
    cx: s.view.cx,
    cy: s.view.cy,
    half: s.view.half,
    labelPx: s.labelPx,
    background: s.background,
    backgroundPoints: s.backgroundPoints,
    target: s.target,
  };
}

function sameKey(a: UnderlayKey, b: UnderlayKey): boolean {
  return (Object.keys(a) as Array<keyof UnderlayKey>).every((k) => a[k] === b[k]);
}

/** One underlay per destination context: the two lanes of compare mode and each embedded figure keep their own. */
const cache = new WeakMap<object, { key: UnderlayKey; bitmap: Bitmap }>();

/**
 * Copies the underlay for `s` onto `ctx` (whose transform maps CSS pixels to device pixels), first drawing it with
 * `draw` into the cached bitmap when `s` differs from what that bitmap shows. Returns false, having drawn nothing,
 * when no bitmap can be made here: the caller then draws the underlay directly.
 */
export function drawUnderlay(
  ctx: CanvasRenderingContext2D,
  s: SceneInput,
  draw: (target: CanvasRenderingContext2D, s: SceneInput) => void,
  makeBitmap: MakeBitmap = squareCanvas,
): boolean {
  const dpr = ctx.getTransform().a || 1;
  const key = keyOf(s, dpr);
  if (key.width <= 0) return false;
  let hit = cache.get(ctx);
  if (!hit || !sameKey(hit.key, key)) {
    const bitmap = hit && hit.bitmap.width === key.width ? hit.bitmap : makeBitmap(key.width);
    const bctx = bitmap?.getContext('2d') as CanvasRenderingContext2D | null | undefined;
    if (!bitmap || !bctx) return false;
    bctx.setTransform(1, 0, 0, 1, 0, 0);
    bctx.clearRect(0, 0, key.width, key.width);
    bctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    draw(bctx, s);
    hit = { key, bitmap };
    cache.set(ctx, hit);
  }
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(hit.bitmap as CanvasImageSource, 0, 0);
  ctx.restore();
  return true;
}
