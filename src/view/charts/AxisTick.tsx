/**
 * An axis tick label drawn as one plain SVG text. recharts' default tick label, its <Text>, measures every word of
 * every label in the DOM (a hidden span and a forced layout per new string) so that it can wrap them to the axis
 * width; on a chart's first render that measuring was the largest part of the mount, tens of milliseconds in one
 * main-thread task. A tick label is one short line: it needs no measuring. Placed as recharts places its own
 * (vertical anchor "start" below the tick, "middle" beside it; cap height 0.71 em) and with its classes, so
 * the charts look the same.
 */
import type { SVGProps } from 'react';

interface TickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: SVGProps<SVGTextElement>['textAnchor'];
  verticalAnchor?: 'start' | 'middle' | 'end';
  payload?: { value: unknown };
  index?: number;
  tickFormatter?: (value: unknown, index: number) => string;
}

/** Vertical offsets of recharts' <Text> for one line of text (its default cap height 0.71 em). */
const DY = { start: '0.71em', middle: '0.355em', end: '0' } as const;

export function axisTick(style: { fontSize: number; fill: string }) {
  return function AxisTick(props: TickProps) {
    const { x, y, textAnchor, verticalAnchor = 'end', payload, index = 0, tickFormatter } = props;
    const value = payload?.value;
    const label = tickFormatter ? tickFormatter(value, index) : String(value);
    return (
      <text x={x} y={y} textAnchor={textAnchor} fill={style.fill} fontSize={style.fontSize} className="recharts-text recharts-cartesian-axis-tick-value">
        <tspan x={x} dy={DY[verticalAnchor]}>
          {label}
        </tspan>
      </text>
    );
  };
}
