import type React from 'react';
import { useElementSize } from './useElementSize';

/**
 * The element's width in whole CSS pixels, kept up to date (useElementSize) and rendered in the frame it is measured
 * in: a canvas is sized from it. A resize marks the canvases sized from it dirty.
 */
export function useElementWidth(ref: React.RefObject<HTMLElement | null>): number {
  return useElementSize(ref, true)[0];
}
