import { useLayoutEffect, useState } from 'react';
import type React from 'react';

/**
 * The element's width in whole CSS pixels, kept up to date by a ResizeObserver (a resize marks the canvases sized
 * from it dirty). Measured before the first paint, so that a canvas has its size from the start.
 */
export function useElementWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    observer.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
