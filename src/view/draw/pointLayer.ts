/**
 * Big point clouds drawn as one image. One drawImage per particle costs tens of milliseconds per frame at
 * 65,536 particles on a machine without a GPU; stamping the dots into a pixel buffer in plain JavaScript and
 * drawing that buffer once costs a few. The picture is the same: every dot has one colour, so painting dots one
 * over another ("source-over", each with opacity α·coverage) leaves at each pixel that colour with opacity
 * 1 − Π(1 − α·coverage) — which is what the buffer holds.
 */

/** Clouds of more points than this are drawn through the buffer (smaller clouds keep the per-dot sprites). */
export const POINT_LAYER_MIN_POINTS = 8192;

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
 */
export function stampDots(points: Float32Array, stamp: DotStamp, keep: Float32Array): void {
  const { width, scale, x0, y0, radius, alpha } = stamp;
  const reach = radius + 0.5;
  const n = points.length / 2;
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
        keep[row + i] *= 1 - alpha * (coverage < 1 ? coverage : 1);
      }
    }
  }
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
  keep: Float32Array;
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
  layer = { canvas, ctx, image: ctx.createImageData(width, width), keep: new Float32Array(width * width) };
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
  const { keep, image } = layer;
  keep.fill(1);
  stampDots(points, { width, scale: opts.scale * opts.dpr, x0: opts.x0, y0: opts.y0, radius: opts.radius * opts.dpr, alpha: opts.alpha }, keep);
  const data = image.data;
  for (let p = 0; p < keep.length; p++) {
    const a = keep[p];
    if (a === 1) {
      data[4 * p + 3] = 0;
      continue;
    }
    data[4 * p] = rgb[0];
    data[4 * p + 1] = rgb[1];
    data[4 * p + 2] = rgb[2];
    data[4 * p + 3] = Math.round(255 * (1 - a));
  }
  layer.ctx.putImageData(image, 0, 0);
  ctx.drawImage(layer.canvas, 0, 0, opts.size, opts.size);
  return true;
}
