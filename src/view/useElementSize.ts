import { useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type React from 'react';

/**
 * The element's width and height in whole CSS pixels (its client box), kept up to date by a ResizeObserver. The
 * observer's first call comes in the frame's rendering steps, after layout and before paint, and the size is read
 * there, where layout is already done (read during React's commit it would force the page's layout inside the
 * commit's task).
 *
 * `inThisFrame`: render the new size inside the observer's call (flushSync), for an element whose own layout
 * depends on it (a canvas sized from it would otherwise show at size 0 for a frame). Otherwise React renders it in
 * a task of its own, out of the frame's rendering task, which suits an expensive child in a box sized by CSS.
 */
export function useElementSize(ref: React.RefObject<HTMLElement | null>, inThisFrame = false): [number, number] {
  const [size, setSize] = useState<[number, number]>([0, 0]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      const next: [number, number] = [Math.floor(el.clientWidth), Math.floor(el.clientHeight)];
      const update = () => setSize((prev) => (prev[0] === next[0] && prev[1] === next[1] ? prev : next));
      if (inThisFrame) flushSync(update);
      else update();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, inThisFrame]);
  return size;
}
