/**
 * Painting a scene onto an on-page canvas: the backing store sized to the screen's pixel density (sharp on a
 * 2× screen), the context scaled to CSS pixels, then drawScene. Shared by the page's lanes and the embedded
 * figures, so both draw the same picture the same way.
 */
import type { ModelSpec } from '../../core/scenario';
import { densityShade } from '../palette';
import { runToEnd } from './inBands';
import { densityImageInBands, drawScene } from './scene';
import type { SceneInput } from './scene';
import { DEFAULT_VIEW, transformFor, viewForModel } from './view';
import type { View } from './view';

/** Cells per side of the base-density background image. */
export const BACKGROUND_CELLS = 160;

/** The window for a model: a GMM's own, a learned model's (from its data moments, when known) or the default. */
export function viewOf(model: ModelSpec, learned?: View): View {
  return model.kind === 'gmm' ? viewForModel(model) : (learned ?? DEFAULT_VIEW);
}

/** The base density as a background image (GMMs only: a learned density has no closed form). */
export function backgroundOf(model: ModelSpec, view: View): Background {
  return runToEnd(backgroundInBands(model, view, BACKGROUND_CELLS));
}

export type Background = HTMLCanvasElement | OffscreenCanvas | null;

/** backgroundOf made `bandRows` rows at a time, pausing after each band (inBands.ts). */
export function* backgroundInBands(model: ModelSpec, view: View, bandRows: number): Generator<void, Background> {
  if (model.kind !== 'gmm') return null;
  return yield* densityImageInBands({ weights: model.weights, means: model.means as never, covs: model.covs as never }, view, BACKGROUND_CELLS, densityShade, bandRows);
}

/** Paints `scene` on `canvas`, `size` CSS pixels square. Returns false when there is nothing to paint on. */
export function paintScene(
  canvas: HTMLCanvasElement | null,
  size: number,
  scene: Omit<SceneInput, 'size' | 'transform'>,
): boolean {
  if (!canvas || size === 0) return false;
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(size * dpr)) {
    canvas.width = Math.round(size * dpr);
    canvas.height = Math.round(size * dpr);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return false;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawScene(ctx, { ...scene, size, transform: transformFor(scene.view, size) });
  return true;
}
