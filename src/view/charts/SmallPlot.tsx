/**
 * The small charts of the side panels (training loss, fine-tuning): a plot with tighter margins, a shorter x axis of
 * whole numbers (steps, updates), 10 px labels and values written to two significant digits.
 */
import { integerAxis } from './plot/axes';
import { FramedPlot } from './plot/Plot';
import type { PlotProps } from './plot/Plot';

const MARGIN = { top: 6, right: 10, bottom: 2, left: 0 };
const X_HEIGHT = 20;

/** A small chart's value labels: two significant digits. */
export const twoDigits = (v: number) => String(Number(v.toPrecision(2)));

export function SmallPlot(props: { height: number; xs: number[]; first: number; last: number } & Pick<PlotProps, 'y' | 'lines' | 'references'>) {
  const { height, first, last, ...plot } = props;
  return <FramedPlot height={height} margin={MARGIN} fontSize={10} {...integerAxis(first, last, X_HEIGHT)} formatY={twoDigits} {...plot} />;
}
