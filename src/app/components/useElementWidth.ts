import { useLayoutEffect, useState } from 'react';
import type React from 'react';

/**
 * The element's width in whole CSS pixels, kept up to date by a ResizeObserver. Measured before the first paint,
 * so that a canvas sized from it can draw its first frame in the same commit.
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
