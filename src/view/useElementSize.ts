import { useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type React from 'react';

/**
 * The element's width and height in whole CSS pixels (its client box), kept up to date by a ResizeObserver. The
 * observer's first call comes in the frame's rendering steps, after layout and before paint; the size is read there,
 * where layout is already done, and rendered at once (flushSync), so what is drawn at that size is in the first
 * painted frame. Reading it during React's commit would force the page's layout inside the commit's task.
 */
export function useElementSize(ref: React.RefObject<HTMLElement | null>): [number, number] {
  const [size, setSize] = useState<[number, number]>([0, 0]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      const next: [number, number] = [Math.floor(el.clientWidth), Math.floor(el.clientHeight)];
      flushSync(() => setSize((prev) => (prev[0] === next[0] && prev[1] === next[1] ? prev : next)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
