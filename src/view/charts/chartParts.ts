/**
 * What the step charts share: their x axis (the denoising step, from 1, or 0 where a chart has a point before the
 * first step, to K), the axis of a fraction (ESS / N, β) and a column of the chart rows as one line's values.
 */
import { integerAxis } from './plot/axes';
import type { PlotInput } from './plot/geometry';
import { measureTickLabel } from './chartStyle';
import { FRACTION_LABELS, FRACTION_TICKS, labelsWidth } from './valueAxis';
import type { ValueAxis } from './valueAxis';

/** Height of the step axis: tick marks and one line of labels. */
const X_HEIGHT = 22;

/** The step axis from `first` to K, with about six labelled steps. */
export function stepAxis(first: 0 | 1, steps: number): Pick<PlotInput, 'xDomain' | 'xTicks' | 'xHeight'> {
  return integerAxis(first, steps, X_HEIGHT);
}

/** The axis of a fraction: 0 to 1 in quarters. */
export function fractionAxis(): ValueAxis {
  return { domain: [0, 1], ticks: FRACTION_TICKS, width: labelsWidth(FRACTION_LABELS, measureTickLabel) };
}

/** One key of every row (undefined read as a gap). */
export function column<Row extends Record<string, number | null>>(rows: readonly Row[], key: string): Array<number | null> {
  return rows.map((r) => r[key] ?? null);
}
