/**
 * The canvas background (the base density image, paint.ts) for a model and a window. The page's first image is made
 * in tasks of its own, a few bands of rows per task (useFirstTimeApart): made in the first frames' tasks it would hold
 * them up. Later ones (a pan, a zoom, another model) are made at once, in the render that needs them.
 */
import { useCallback, useMemo } from 'react';
import type { ModelSpec } from '../../core/scenario';
import { BAND_ROWS } from './inBands';
import { backgroundInBands, backgroundOf } from './paint';
import type { Background } from './paint';
import { useFirstTimeApart } from './useFirstTimeApart';
import type { View } from './view';

/** The last image made, so that the render after the first image's own tasks does not make it again. */
let last: { model: ModelSpec; view: View; image: Background } | null = null;

function backgroundFor(model: ModelSpec, view: View): Background {
  if (last?.model !== model || last.view !== view) last = { model, view, image: backgroundOf(model, view) };
  return last.image;
}

function* keptInBands(model: ModelSpec, view: View): Generator<void, void> {
  const image = yield* backgroundInBands(model, view, BAND_ROWS);
  last = { model, view, image };
}

export function useBackground(model: ModelSpec, view: View): Background {
  const prepare = useCallback(() => keptInBands(model, view), [model, view]);
  const ready = useFirstTimeApart('background', prepare);
  return useMemo(() => (ready ? backgroundFor(model, view) : null), [ready, model, view]);
}
