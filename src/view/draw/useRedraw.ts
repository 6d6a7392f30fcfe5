/**
 * A canvas redrawn by the animation loop, on a dirty flag: when the component's `draw` changes (its inputs
 * changed: a new step, a new run, a resize) the canvas is marked dirty and the loop is woken; the loop paints
 * it once on its next frame, however many changes came in between, and then sleeps if nothing else is dirty.
 * Pass a `draw` memoised on exactly what the picture depends on (useCallback).
 */
import { useEffect, useRef } from 'react';
import type { RedrawLoop } from '../session/RedrawLoop';

export function useRedraw(loop: RedrawLoop, draw: () => void): void {
  const latest = useRef(draw);
  const dirty = useRef(true);
  useEffect(() => {
    latest.current = draw;
    dirty.current = true;
    loop.invalidate();
  }, [loop, draw]);
  useEffect(
    () =>
      loop.add(() => {
        if (dirty.current) {
          dirty.current = false;
          latest.current();
        }
        return false;
      }),
    [loop],
  );
}
