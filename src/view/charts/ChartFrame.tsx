/**
 * The box a chart is drawn in, sized by the page's CSS (the full width, `height` such as the --chart-height
 * variable), and the chart drawn at that size in pixels. The size comes from a ResizeObserver after the frame's
 * layout (useElementSize), not from reading the box while React commits (getBoundingClientRect there forces a
 * layout of the whole page), and the chart renders once, at its size, in a task of its own (the box keeps its CSS
 * size meanwhile).
 */
import { useRef } from 'react';
import type { ReactNode } from 'react';
import { useElementSize } from '../useElementSize';

export function ChartFrame(props: { height: string | number; children: (width: number, height: number) => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, height] = useElementSize(box);
  return (
    <div ref={box} className="chart__frame" style={{ width: '100%', height: props.height }}>
      {width > 0 && height > 0 ? props.children(width, height) : null}
    </div>
  );
}
