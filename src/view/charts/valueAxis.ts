/**
 * A chart's value axis, worked out before the chart is drawn: nice ticks over the values shown (steps of 1, 2 or 5
 * × 10^k), their labels, and the axis width those labels need, so that the plot's left edge is known without
 * measuring anything in the DOM.
 */
export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
  /** CSS pixels: the longest label plus the tick mark, its gap and a little air. */
  width: number;
}

/** The axis of a fraction (ESS / N): quarters. */
export const FRACTION_TICKS = [0, 0.25, 0.5, 0.75, 1];
export const FRACTION_LABELS = FRACTION_TICKS.map(String);

/** Tick mark (6 px), the gap to the label (2 px) and 4 px of air: plot/Plot.tsx draws them so. */
const TICK_SPACE = 12;
/** At most this many intervals between the data's ends (the ends rounded out to a tick add up to two more). */
const TARGET_INTERVALS = 4;

/** The smallest step of 1, 2 or 5 × 10^k that splits `span` into at most `intervals` parts. */
export function tickStep(span: number, intervals: number): number {
  const raw = span / intervals;
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m <= 1 + 1e-9 ? 1 : m <= 2 + 1e-9 ? 2 : m <= 5 + 1e-9 ? 5 : 10) * p;
}

/** Ticks from `lo` to `hi`, both multiples of `step`, without float dust ("0.30000000000000004" is 0.3). */
function ticksOf(lo: number, hi: number, step: number): number[] {
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)) || 0);
  return ticks;
}

/** The width of labels in CSS pixels, measured by `measure` (a canvas's measureText on the page). */
export function labelsWidth(labels: readonly string[], measure: (label: string) => number): number {
  return Math.ceil(Math.max(0, ...labels.map(measure))) + TICK_SPACE;
}

/**
 * The axis over the finite numbers in `values`; `from` fixes the lower end (a variance axis starts at 0). With no
 * finite value the axis spans [from ?? 0, (from ?? 0) + 1]; a single value gets a span around it.
 */
export function valueAxis(values: Iterable<number | null | undefined>, format: (v: number) => string, measure: (label: string) => number, from?: number): ValueAxis {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (from !== undefined) {
    lo = from;
    if (!(hi > from)) hi = hi === from ? from + Math.abs(from) * 0.2 || from + 1 : from + 1;
  } else if (lo > hi) {
    lo = 0;
    hi = 1;
  } else if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const step = tickStep(hi - lo, TARGET_INTERVALS);
  const ticks = ticksOf(from ?? lo, hi, step);
  const domain: [number, number] = [ticks[0], ticks[ticks.length - 1]];
  return { domain, ticks, width: labelsWidth(ticks.map(format), measure) };
}
