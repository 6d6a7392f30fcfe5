/**
 * The axes of the page's line charts, worked out before drawing: the step (or update) axis's integer ticks and a
 * log axis's decades. A value axis on a linear scale is valueAxis.ts's. Every axis carries its labels' width, so
 * the plot's left edge is known before anything is drawn and nothing is measured in the DOM.
 */
import { labelsWidth, tickStep } from '../valueAxis';
import type { ValueAxis } from '../valueAxis';
import type { PlotInput } from './geometry';

/** Integer ticks from `first` to `last`, about `intervals` apart in steps of 1, 2 or 5 × 10^k (at least 1). */
export function integerTicks(first: number, last: number, intervals = 5): number[] {
  if (!(last > first)) return [first];
  const step = Math.max(1, tickStep(last - first, intervals));
  const ticks: number[] = [];
  for (let t = Math.ceil(first / step) * step; t <= last + 1e-9; t += step) ticks.push(Math.round(t));
  return ticks;
}

/** An x axis of whole numbers (steps, updates) from `first` to `last`, `height` pixels tall with its labels. */
export function integerAxis(first: number, last: number, height: number): Pick<PlotInput, 'xDomain' | 'xTicks' | 'xHeight'> {
  const end = Math.max(first + 1, last);
  return { xDomain: [first, end], xTicks: integerTicks(first, end), xHeight: height };
}

/** A y axis on a log scale: its range, its ticks and their width. */
export interface LogAxis extends ValueAxis {
  log: true;
}

/**
 * A log axis over the positive finite numbers of `values`: the decades around them (10^k), with the 2s and 5s
 * between where fewer than three decades would be labelled. `domain` fixes the range (e.g. [1, N]).
 */
export function logAxis(values: Iterable<number | null | undefined>, format: (v: number) => string, measure: (label: string) => number, domain?: [number, number]): LogAxis {
  let lo = domain?.[0] ?? Infinity;
  let hi = domain?.[1] ?? -Infinity;
  if (!domain) {
    for (const v of values) {
      if (v === null || v === undefined || !Number.isFinite(v) || v <= 0) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo > hi) [lo, hi] = [1, 10];
    lo = 10 ** Math.floor(Math.log10(lo) + 1e-9);
    hi = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
    if (lo === hi) hi = lo * 10;
  }
  const decades: number[] = [];
  for (let k = Math.ceil(Math.log10(lo) - 1e-9); 10 ** k <= hi * (1 + 1e-9); k++) decades.push(Number((10 ** k).toPrecision(12)));
  let ticks = decades;
  if (decades.length < 3) {
    ticks = [];
    for (let k = Math.floor(Math.log10(lo)); 10 ** k <= hi * (1 + 1e-9); k++)
      for (const m of [1, 2, 5]) {
        const t = Number((m * 10 ** k).toPrecision(12));
        if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(t);
      }
  }
  return { log: true, domain: [lo, hi], ticks, width: labelsWidth(ticks.map(format), measure) };
}
