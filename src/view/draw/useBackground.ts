/**
 * The canvas background (the base density image, paint.ts) for a model and a window. The first image of a page
 * is made in a task of its own, after the first particles are painted: made in the same task as the first frames
 * it would hold them up (its loop runs cold the first time, tens of milliseconds on a slow machine). Once one
 * image has been made, later ones (a pan, a zoom, another model) are made at once, in the render that needs them.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ModelSpec } from '../../core/scenario';
import { backgroundOf } from './paint';
import type { View } from './view';

let firstImageMade = false;

export function useBackground(model: ModelSpec, view: View): ReturnType<typeof backgroundOf> {
  const [ready, setReady] = useState(firstImageMade);
  useEffect(() => {
    if (ready) return;
    const timer = setTimeout(() => {
      firstImageMade = true;
      setReady(true);
    }, 0);
    return () => clearTimeout(timer);
  }, [ready]);
  return useMemo(() => (ready ? backgroundOf(model, view) : null), [ready, model, view]);
}
