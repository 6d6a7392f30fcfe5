/**
 * The canvas background (the base density image, paint.ts) for a model and a window. The page's first image is made
 * in a task of its own (useFirstTimeApart): made in the first frames' tasks it would hold them up. Later ones (a pan,
 * a zoom, another model) are made at once, in the render that needs them.
 */
import { useCallback, useMemo } from 'react';
import type { ModelSpec } from '../../core/scenario';
import { backgroundOf } from './paint';
import { useFirstTimeApart } from './useFirstTimeApart';
import type { View } from './view';

/** The last image made, so that the render after the first image's own task does not make it again. */
let last: { model: ModelSpec; view: View; image: ReturnType<typeof backgroundOf> } | null = null;

function backgroundFor(model: ModelSpec, view: View): ReturnType<typeof backgroundOf> {
  if (last?.model !== model || last.view !== view) last = { model, view, image: backgroundOf(model, view) };
  return last.image;
}

export function useBackground(model: ModelSpec, view: View): ReturnType<typeof backgroundOf> {
  const prepare = useCallback(() => void backgroundFor(model, view), [model, view]);
  const ready = useFirstTimeApart('background', prepare);
  return useMemo(() => (ready ? backgroundFor(model, view) : null), [ready, model, view]);
}
