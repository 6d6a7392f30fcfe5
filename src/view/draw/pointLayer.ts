/**
 * Point clouds drawn as one image. One drawImage per particle costs tens of milliseconds per frame at
 * 65,536 particles on a machine without a GPU, and 5–8 ms at the default 2,048 (measured in headless Chromium on
 * the 2-core machine: the canvas rasterises each call when the frame is committed); stamping the dots into a pixel
 * buffer in plain JavaScript and drawing that buffer once costs 1.5–2 ms at 2,048 and a few at 65,536. The picture is the same: every dot has one colour, so painting dots one
 * over another ("source-over", each with opacity α·coverage) leaves at each pixel that colour with opacity
 * 1 − Π(1 − α·coverage) — which is what the buffer holds.
 */

/**
 * Clouds of more points than this are drawn through the buffer. Smaller clouds keep the per-dot sprites: the
 * buffer's fixed cost (a pass over every pixel, about 1.2 ms at 638 × 638) is then more than their drawImage calls.
 */
export const POINT_LAYER_MIN_POINTS = 512;

export interface DotStamp {
  /** Buffer width and height in device pixels. */
  width: number;
  /** Device pixels per plane unit, and the plane point drawn at pixel (0, 0): px = (x − x0)·scale, py = (y0 − y)·scale. */
  scale: number;
  x0: number;
  y0: number;
  /** Dot radius in device pixels and opacity of a fully covered pixel. */
  radius: number;
  alpha: number;
}

/**
 * Stamps every point as an antialiased disc into `keep`, the transparency left at each pixel (start at 1:
 * nothing drawn). A pixel's coverage is its centre's distance d to the dot's centre through a one-pixel ramp,
 * clamp(radius + ½ − d, 0, 1). Points off the buffer are skipped.
 *
 * With `touched` (room for one index per pixel), each pixel's index is written there once, when its transparency
 * first drops below 1, so that the caller can visit the drawn pixels only; returns how many were written.
 */
export function stampDots(points: Float32Array, stamp: DotStamp, keep: Float32Array, touched?: Int32Array): number {
  const { width, scale, x0, y0, radius, alpha } = stamp;
  const reach = radius + 0.5;
  const n = points.length / 2;
  let count = 0;
  if (!(alpha > 0)) return 0;
  for (let k = 0; k < n; k++) {
    const cx = (points[2 * k] - x0) * scale;
    const cy = (y0 - points[2 * k + 1]) * scale;
    if (!(cx > -reach && cy > -reach && cx < width + reach && cy < width + reach)) continue;
    const i0 = Math.max(0, Math.floor(cx - reach));
    const i1 = Math.min(width - 1, Math.floor(cx + reach));
    const j0 = Math.max(0, Math.floor(cy - reach));
    const j1 = Math.min(width - 1, Math.floor(cy + reach));
    for (let j = j0; j <= j1; j++) {
      const dy = j + 0.5 - cy;
      const row = j * width;
      for (let i = i0; i <= i1; i++) {
        const dx = i + 0.5 - cx;
        const coverage = reach - Math.sqrt(dx * dx + dy * dy);
        if (coverage <= 0) continue;
        const before = keep[row + i];
        keep[row + i] = before * (1 - alpha * (coverage < 1 ? coverage : 1));
        // Factors are at most 1, so a pixel below 1 never returns to 1: each index is written once.
        if (touched && before === 1 && keep[row + i] < 1) touched[count++] = row + i;
      }
    }
  }
  return count;
}

/** "#rrggbb" as bytes, or null for any other colour syntax (the caller then draws per-dot sprites). */
export function hexColor(color: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : null;
}

interface Layer {
  canvas: OffscreenCanvas;
  ctx: OffscreenCanvasRenderingContext2D;
  image: ImageData;
  /** Transparency left per pixel, 1 between frames; and the pixels the current frame's dots reach. */
  keep: Float32Array;
  touched: Int32Array;
}

/** One buffer per size, reused frame after frame (a lane's canvas keeps its size while a run plays). */
const layers = new Map<number, Layer>();

function layerOf(width: number): Layer | null {
  let layer = layers.get(width);
  if (layer) return layer;
  if (typeof OffscreenCanvas === 'undefined') return null;
  const canvas = new OffscreenCanvas(width, width);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  layer = { canvas, ctx, image: ctx.createImageData(width, width), keep: new Float32Array(width * width).fill(1), touched: new Int32Array(width * width) };
  // A handful of sizes at most (resizes, two lanes, presentation mode); older ones are dropped.
  if (layers.size >= 4) layers.delete(layers.keys().next().value as number);
  layers.set(width, layer);
  return layer;
}

/**
 * Draws the points as one image onto `ctx` (whose transform maps CSS pixels to device pixels), covering the
 * `size` CSS pixels square. Returns false, drawing nothing, when no buffer can be made here or the colour is not
 * "#rrggbb"; the caller then draws the dots one by one.
 */
export function drawPointLayer(
  ctx: CanvasRenderingContext2D,
  points: Float32Array,
  opts: { size: number; dpr: number; x0: number; y0: number; scale: number; radius: number; alpha: number; color: string },
): boolean {
  const rgb = hexColor(opts.color);
  const width = Math.round(opts.size * opts.dpr);
  const layer = rgb && width > 0 ? layerOf(width) : null;
  if (!rgb || !layer) return false;
  const { keep, image, touched } = layer;
  const count = stampDots(points, { width, scale: opts.scale * opts.dpr, x0: opts.x0, y0: opts.y0, radius: opts.radius * opts.dpr, alpha: opts.alpha }, keep, touched);
  // Only the pixels the dots reach are visited (a tenth of the buffer or less at 2,048 dots): the rest is cleared
  // natively. Visiting every pixel in JavaScript cost 10–20 ms in the first frames, before the loop was optimised.
  const data = image.data;
  data.fill(0);
  for (let t = 0; t < count; t++) {
    const p = touched[t];
    data[4 * p] = rgb[0];
    data[4 * p + 1] = rgb[1];
    data[4 * p + 2] = rgb[2];
    data[4 * p + 3] = Math.round(255 * (1 - keep[p]));
    keep[p] = 1;
  }
  layer.ctx.putImageData(image, 0, 0);
  ctx.drawImage(layer.canvas, 0, 0, opts.size, opts.size);
  return true;
}
