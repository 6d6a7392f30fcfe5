/**
 * The grid and axes the step charts share, built so that recharts measures nothing in the DOM: every computed tick
 * is drawn (`interval={0}`; recharts' default, "preserveEnd", measures each label to drop the ones that would
 * overlap, and an axis here asks for at most 6, which leave room at every chart width the page has), the grid
 * computes no vertical lines (no chart draws them, yet recharts computed them with that same measuring tick filter),
 * and each value axis comes with its ticks and width worked out before render (valueAxis.ts).
 */
import { CartesianGrid, XAxis, YAxis } from 'recharts';
import { PALETTE } from '../palette';
import { AXIS_TICK, measureTickLabel } from './chartStyle';
import { FRACTION_LABELS, FRACTION_TICKS, labelsWidth } from './valueAxis';
import type { ValueAxis } from './valueAxis';

const NO_LINES = (): number[] => [];

/** Horizontal grid lines at the value axis's ticks. */
export function horizontalGrid() {
  return <CartesianGrid stroke={PALETTE.grid} vertical={false} verticalCoordinatesGenerator={NO_LINES} />;
}

/** The step axis, from `first` (1, or 0 where the chart has a point before the first step) to K. */
export function stepAxis(first: 0 | 1, steps: number) {
  return <XAxis interval={0} dataKey="step" type="number" domain={[first, steps]} tick={AXIS_TICK} tickCount={6} allowDecimals={false} height={22} />;
}

/** A value axis with the ticks, range and width valueAxis() worked out, labels written by `format`. */
export function valueYAxis(axis: ValueAxis, format: (v: number) => string) {
  return <YAxis interval={0} tick={AXIS_TICK} width={axis.width} domain={axis.domain} ticks={axis.ticks} tickFormatter={format} />;
}

/** The axis of a fraction (ESS / N, β): 0 to 1 in quarters. */
export function fractionYAxis() {
  return <YAxis interval={0} tick={AXIS_TICK} width={labelsWidth(FRACTION_LABELS, measureTickLabel)} domain={[0, 1]} ticks={FRACTION_TICKS} />;
}
