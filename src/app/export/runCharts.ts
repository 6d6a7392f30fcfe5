/**
 * The per-step charts of the exported figure, from the runs' statistics: the same three quantities as the page's
 * charts (view/charts, algorithms.md §5.4) — mean reward with the exact E_q r, log-weight variance (incremental
 * and cumulative) and ESS as a fraction of N with the resampling marks — one series per lane.
 */
import type { StepStats } from '../../core/types';
import { PALETTE } from '../../view/palette';
import type { ChartSpec, Series } from './svgChart';

export interface LaneStats {
  /** The lane's name in legends, e.g. "A: SMC". */
  name: string;
  color: string;
  stats: StepStats[];
  particles: number;
  exactMeanReward: number | null;
  /** Why the lane has no importance weights, where it has none. */
  noWeightsReason?: string;
}

const series = (l: LaneStats, label: string, value: (s: StepStats) => number | null, extra: Partial<Series> = {}): Series => ({
  label,
  color: l.color,
  points: l.stats.map((s, i) => [i + 1, value(s)]),
  ...extra,
});

const weighted = (l: LaneStats) => l.stats.some((s) => s.logWeightVar !== null || s.logWeightVarCum !== null || s.ess !== null);

export function runCharts(lanes: LaneStats[], steps: number): ChartSpec[] {
  const xDomain: [number, number] = [1, Math.max(2, steps)];
  const exacts = [...new Set(lanes.map((l) => l.exactMeanReward).filter((v): v is number => v !== null && Number.isFinite(v)))];
  const noWeights = lanes.filter((l) => !weighted(l) && l.stats.length > 0);
  const emptyNote = noWeights.length === lanes.length && noWeights.length > 0 ? `n/a: ${noWeights[0].noWeightsReason ?? 'no importance weights for this run'}` : undefined;
  const prefix = (l: LaneStats) => (lanes.length > 1 ? `${l.name.split(':')[0]} ` : '');
  return [
    {
      title: 'Mean reward r(x̂₀) per step',
      xLabel: 'denoising step',
      yLabel: 'mean reward',
      xDomain,
      series: lanes.map((l) => series(l, l.name, (s) => s.meanReward)),
      references: exacts.map((y) => ({ y, label: `exact E_q r = ${Number(y.toPrecision(4))}`, color: PALETTE.exact })),
    },
    {
      title: 'Log-weight variance per step',
      xLabel: 'denoising step',
      yLabel: 'Var log w',
      xDomain,
      series: lanes
        .filter(weighted)
        .flatMap((l) => [
          series(l, `${prefix(l)}incremental V_k`, (s) => s.logWeightVar),
          series(l, `${prefix(l)}cumulative`, (s) => s.logWeightVarCum, { dashed: true, width: 1.6 }),
        ]),
      empty: emptyNote,
    },
    {
      title: 'Effective sample size (fraction of N)',
      xLabel: 'denoising step',
      yLabel: 'ESS / N',
      xDomain,
      yDomain: [0, 1],
      series: lanes
        .filter(weighted)
        .flatMap((l) => [
          series(l, l.name, (s) => (s.ess === null ? null : s.ess / l.particles)),
          series(l, 'resampled', (s) => (s.resampled && s.ess !== null ? s.ess / l.particles : null), { color: PALETTE.resample, marks: true }),
        ]),
      empty: emptyNote,
    },
  ];
}
