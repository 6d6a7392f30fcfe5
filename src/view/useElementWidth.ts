import { useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type React from 'react';

/**
 * The element's width in whole CSS pixels, kept up to date by a ResizeObserver (a resize marks the canvases sized
 * from it dirty). The observer's first call comes in the frame's rendering steps, after layout and before paint,
 * and the size is rendered there at once, so a canvas has its size in its first painted frame; the width is read
 * there too, where layout is already done.
 * Read in the commit instead (a layout effect), it forced the page's first layout inside React's commit task: one
 * long main-thread task instead of two shorter ones.
 */
export function useElementWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // flushSync: the new size is rendered inside the observer's call, so the frame paints with it.
    const observer = new ResizeObserver(() => flushSync(() => setWidth(Math.floor(el.clientWidth))));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
