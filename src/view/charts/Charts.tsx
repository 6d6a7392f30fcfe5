/**
 * The per-step charts (algorithms.md §5.4): mean reward with the exact E_q r line, log-weight variance
 * (incremental and cumulative; "n/a" with the reason where a sampler has no weights) and ESS with the
 * resampling marks. One point per denoising step up to the display cursor, animation off, and a sentence
 * under each chart that says what it shows in words. Shared by the page and the embedded figures: they read
 * whatever ChartSource the host provides (ChartSourceContext), never a page store, so figures stay apart.
 */
import { useContext, useEffect, useId, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ReactNode } from 'react';
import type { Lane } from '../../engine/messages';
import { chartRows, hasAny } from './rows';
import type { ChartRow } from './rows';
import { ChartSourceContext } from './context';
import { chartLanes } from './source';
import type { ChartState } from './source';
import { LANE_COLOR, PALETTE } from '../palette';
import { column, fractionAxis, stepAxis } from './chartParts';
import { MARGIN, measureTickLabel } from './chartStyle';
import { FramedPlot } from './plot/Plot';
import type { PlotProps } from './plot/Plot';
import { valueAxis } from './valueAxis';
import { samplerView } from '../samplers';
import { useOnePerFrame } from '../useOnePerFrame';
import type { LaneRun } from '../session/laneRun';

export { ChartSourceContext } from './context';
export type { ChartSource, ChartState } from './source';

/** The plot's height: a CSS variable, so that the page's layout and presentation mode can size it. */
const HEIGHT = 'var(--chart-height, 150px)';

function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(2);
  return v.toFixed(digits);
}

function ChartCard(props: { title: ReactNode; testId: string; points: number; summary: ReactNode; children: ReactNode; legend?: ReactNode }) {
  const id = useId(); // unique even with several figures on one page
  return (
    // One tab stop per chart, named by its title and described by its summary in words (the plot itself is
    // hidden from assistive technology: its tick labels read out one by one would say nothing).
    <figure className="chart" data-testid={props.testId} data-points={props.points} tabIndex={0} aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption className="chart__title" id={`${id}-title`}>
        {props.title}
      </figcaption>
      {props.legend && <div className="chart__legend">{props.legend}</div>}
      <div className="chart__body">{props.children}</div>
      <p className="chart__summary" aria-live="off" id={`${id}-summary`}>
        {props.summary}
      </p>
    </figure>
  );
}

function Swatch(props: { color: string; dashed?: boolean; dot?: boolean; label: string }) {
  return (
    <span className="legend-item">
      <svg width="22" height="10" aria-hidden="true">
        {props.dot ? (
          <path d="M11 1 L16 9 L6 9 Z" fill={props.color} />
        ) : (
          <line x1="1" y1="5" x2="21" y2="5" stroke={props.color} strokeWidth="2" strokeDasharray={props.dashed ? '4 3' : undefined} />
        )}
      </svg>
      {props.label}
    </span>
  );
}

interface ChartContext {
  rows: ChartRow[];
  /** The step of each row: the charts' x values. */
  xs: number[];
  lanes: Lane[];
  runs: Record<Lane, LaneRun>;
  steps: number;
}

/** While playing, the charts redraw at most this often (each redraw adds every step up to the cursor). */
const CHART_INTERVAL_MS = 100;
/**
 * …and when the charts take long to redraw (a thousand steps, two lanes), each waits this many times the charts'
 * redraw time put together (the latest redraw of each chart of the same source), so that while a run plays the
 * charts together never take more than about a fifth of the main thread.
 */
const CHART_COST_FACTOR = 4;

/** The latest redraw time of each chart reading one source. */
const redrawCosts = new WeakMap<object, Map<symbol, number>>();

function costsOf(source: object): Map<symbol, number> {
  let costs = redrawCosts.get(source);
  if (!costs) {
    costs = new Map();
    redrawCosts.set(source, costs);
  }
  return costs;
}

function changed(s: ChartState, prev: ChartState): boolean {
  return s.cursor !== prev.cursor || s.a !== prev.a || s.b !== prev.b || s.compare !== prev.compare || s.playing !== prev.playing || s.steps !== prev.steps;
}

/**
 * The source as the charts see it: live when paused or scrubbed, at most every CHART_INTERVAL_MS while a
 * run plays. A chart redraws whole on any change (every point up to the cursor), so this keeps the main thread
 * free for the particle canvas, which follows every step. A move of the cursor while paused (a scrub, a step) is
 * rendered in the same task as the move, so the charts never trail the step the canvas says it shows; any
 * other change renders each chart in a timer task of its own.
 */
function useChartSnapshot(): ChartState {
  // The host's source: the page's lanes, or one figure's run (src/lib). Required: there is no default store.
  const source = useContext(ChartSourceContext);
  if (!source) throw new Error('the charts need a ChartSourceContext provider');
  const [snap, setSnap] = useState(() => source.getState());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastAt = 0;
    const me = Symbol('chart');
    const costs = costsOf(source);
    const interval = () => {
      let total = 0;
      for (const c of costs.values()) total += c;
      return Math.max(CHART_INTERVAL_MS, CHART_COST_FACTOR * total);
    };
    let live = true;
    let microtask = false;
    const flush = () => {
      timer = null;
      lastAt = performance.now();
      // Render now, inside this task: the three charts then redraw in three short tasks instead of being
      // batched into one long one.
      flushSync(() => setSnap(source.getState()));
      costs.set(me, performance.now() - lastAt);
    };
    const schedule = (s: ChartState) => {
      if (!s.playing) {
        if (timer) clearTimeout(timer);
        timer = setTimeout(flush, 0);
      } else if (!timer) timer = setTimeout(flush, Math.max(0, interval() - (performance.now() - lastAt)));
    };
    const flushInThisTask = () => {
      if (microtask) return;
      microtask = true;
      queueMicrotask(() => {
        microtask = false;
        if (!live) return;
        if (timer) clearTimeout(timer);
        flush();
      });
    };
    const unsubscribe = source.subscribe((s, prev) => {
      if (!changed(s, prev)) return;
      if (!s.playing && !prev.playing && s.cursor !== prev.cursor) flushInThisTask();
      else schedule(s);
    });
    // Anything that changed between the first render and this subscription (React skips an unchanged snapshot).
    schedule(source.getState());
    return () => {
      live = false;
      unsubscribe();
      costs.delete(me);
      if (timer) clearTimeout(timer);
    };
  }, [source]);
  return snap;
}

function useChartContext(): ChartContext {
  const { compare, a, b, cursor, steps } = useChartSnapshot();
  return useMemo(() => {
    const lanes = chartLanes({ compare });
    const input = Object.fromEntries(lanes.map((l) => [l, { stats: (l === 'a' ? a : b).stats, particles: (l === 'a' ? a : b).scenario?.particles ?? 1 }]));
    const rows = chartRows(input, cursor);
    return { rows, xs: rows.map((r) => r.step), lanes, runs: { a, b }, steps };
  }, [compare, a, b, cursor, steps]);
}

/** A per-step chart's plot: the charts' height and margins, one point per step on a step axis from 1 to K. */
function StepPlot(props: { xs: number[]; steps: number } & Pick<PlotProps, 'y' | 'formatY' | 'lines' | 'references'>) {
  const { xs, steps, ...plot } = props;
  return <FramedPlot height={HEIGHT} margin={MARGIN} xs={xs} {...stepAxis(1, steps)} {...plot} />;
}

/** A lane's name in legends and summaries; curves kept from the last good run, a newer one having failed, say so. */
function laneName(run: LaneRun, lane: Lane, lanes: Lane[]): string {
  const kind = run.scenario?.sampler.kind;
  const name = `${kind ? samplerView(kind).label : lane.toUpperCase()}${run.failedBehind !== null ? ' (last good run)' : ''}`;
  return lanes.length > 1 ? `${lane.toUpperCase()}: ${name}` : name;
}

/** Axis ticks: at most three significant digits, so that neighbouring ticks never print the same text. */
function tick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** Every value of the given columns of the chart rows (nulls included: the axis skips them). */
function* columnValues(rows: ChartRow[], keys: string[]): Iterable<number | null> {
  for (const row of rows) for (const key of keys) yield row[key] as number | null;
}

function lastOf(rows: ChartRow[], key: string): number | null {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i][key] !== null && rows[i][key] !== undefined) return rows[i][key] as number;
  return null;
}

export function MeanRewardChart() {
  const { rows, xs, lanes, runs, steps } = useChartContext();
  const exacts = lanes.map((l) => runs[l].exact?.meanReward ?? runs[l].summary?.exactMeanReward).map((v) => (v === undefined ? null : v));
  const distinctExacts = exacts.filter((v, i) => v !== null && exacts.indexOf(v) === i) as number[];
  // The exact E_q r lines are part of the range shown.
  const axis = valueAxis([...columnValues(rows, lanes.map((l) => `${l}_reward`)), ...distinctExacts], tick, measureTickLabel);
  const summary = lanes
    .map((l, i) => {
      const v = lastOf(rows, `${l}_reward`);
      const exact = exacts[i];
      return `${laneName(runs[l], l, lanes)}: mean reward ${fmt(v)} at step ${rows.length} of ${steps}${exact !== null ? ` (exact E_q r = ${fmt(exact)})` : ''}.`;
    })
    .join(' ');
  return (
    <ChartCard
      title="Mean reward r(x̂₀) per step"
      testId="chart-reward"
      points={rows.filter((r) => r.a_reward !== null).length}
      summary={summary}
      legend={
        <>
          {lanes.map((l) => (
            <Swatch key={l} color={LANE_COLOR[l]} label={laneName(runs[l], l, lanes)} />
          ))}
          {distinctExacts.length > 0 && <Swatch color={PALETTE.exact} dashed label="exact E_q r" />}
        </>
      }
    >
      <StepPlot
        xs={xs}
        steps={steps}
        y={axis}
        formatY={tick}
        references={distinctExacts.map((y) => ({ y, color: PALETTE.exact }))}
        lines={lanes.map((l) => ({ key: l, color: LANE_COLOR[l], values: column(rows, `${l}_reward`) }))}
      />
    </ChartCard>
  );
}

export function LogWeightChart() {
  const { rows, xs, lanes, runs, steps } = useChartContext();
  const missing = lanes.filter((l) => !hasAny(rows, `${l}_var`) && !hasAny(rows, `${l}_varCum`) && rows.length > 0);
  const axis = valueAxis(columnValues(rows, lanes.flatMap((l) => [`${l}_var`, `${l}_varCum`])), tick, measureTickLabel, 0);
  const reasonOf = (l: Lane) => {
    const kind = runs[l].scenario?.sampler.kind;
    return runs[l].summary?.logWeightReason ?? (kind ? samplerView(kind).noWeightsReason : undefined) ?? 'no importance weights for this run';
  };
  const summary = lanes
    .map((l) =>
      missing.includes(l)
        ? `${laneName(runs[l], l, lanes)}: n/a — ${reasonOf(l)}.`
        : `${laneName(runs[l], l, lanes)}: incremental ${fmt(lastOf(rows, `${l}_var`))}, cumulative ${fmt(lastOf(rows, `${l}_varCum`))} at step ${rows.length}.`,
    )
    .join(' ');
  return (
    <ChartCard
      title="Log-weight variance per step"
      testId="chart-logweight"
      points={rows.filter((r) => r.a_var !== null || r.a_varCum !== null).length}
      summary={summary}
      legend={
        <>
          {lanes.map((l) => (
            <span key={l}>
              <Swatch color={LANE_COLOR[l]} label={`${lanes.length > 1 ? `${l.toUpperCase()} ` : ''}incremental V_k`} />
              <Swatch color={LANE_COLOR[l]} dashed label="cumulative" />
            </span>
          ))}
        </>
      }
    >
      <div className="chart__stack">
        <StepPlot
          xs={xs}
          steps={steps}
          y={axis}
          formatY={tick}
          lines={lanes.flatMap((l) => [
            { key: `${l}v`, color: LANE_COLOR[l], values: column(rows, `${l}_var`) },
            { key: `${l}c`, color: LANE_COLOR[l], width: 1.6, dash: '5 3', values: column(rows, `${l}_varCum`) },
          ])}
        />
        {missing.length > 0 && (
          <div className="chart__na" data-testid="logweight-na">
            {missing.map((l) => (
              <p key={l}>
                <strong>n/a{lanes.length > 1 ? ` (${l.toUpperCase()})` : ''}</strong> — {reasonOf(l)}
              </p>
            ))}
          </div>
        )}
      </div>
    </ChartCard>
  );
}

export function EssChart() {
  const { rows, xs, lanes, runs, steps } = useChartContext();
  const missing = lanes.filter((l) => !hasAny(rows, `${l}_ess`) && rows.length > 0);
  // KL-tilt's ESS is that of its diagnostic weights, not of its (equally weighted) samples: it is labelled so.
  const essDiagnosticOf = (l: Lane) => {
    const kind = runs[l].scenario?.sampler.kind;
    return kind ? samplerView(kind).essDiagnostic : undefined;
  };
  const summary = lanes
    .map((l) => {
      if (missing.includes(l)) return `${laneName(runs[l], l, lanes)}: no weights, so no ESS.`;
      const count = rows.filter((r) => r[`${l}_resampled`] !== null).length;
      const diagnostic = essDiagnosticOf(l);
      const tail = diagnostic ? `${diagnostic}.` : `${count} resampling${count === 1 ? '' : 's'} so far.`;
      return `${laneName(runs[l], l, lanes)}: ESS ${fmt(lastOf(rows, `${l}_ess`), 2)}·N at step ${rows.length}; ${tail}`;
    })
    .join(' ');
  return (
    <ChartCard
      title="Effective sample size (fraction of N)"
      testId="chart-ess"
      points={rows.filter((r) => r.a_ess !== null).length}
      summary={summary}
      legend={
        <>
          {lanes.map((l) => (
            <Swatch key={l} color={LANE_COLOR[l]} label={`${laneName(runs[l], l, lanes)}${essDiagnosticOf(l) ? ' (diagnostic weights)' : ''}`} />
          ))}
          <Swatch color={PALETTE.resample} dot label="resampled" />
        </>
      }
    >
      <div className="chart__stack">
        <StepPlot
          xs={xs}
          steps={steps}
          y={fractionAxis()}
          formatY={String}
          lines={lanes.flatMap((l) => [
            { key: `${l}e`, color: LANE_COLOR[l], values: column(rows, `${l}_ess`) },
            // A resampling mark: a small upward triangle on the ESS line at each step that resampled.
            { key: `${l}r`, color: PALETTE.resample, values: column(rows, `${l}_resampled`), marks: 'triangle' as const, line: false },
          ])}
        />
        {missing.length > 0 && (
          <div className="chart__na">
            {missing.map((l) => (
              <p key={l}>
                <strong>n/a{lanes.length > 1 ? ` (${l.toUpperCase()})` : ''}</strong> — {laneName(runs[l], l, lanes)} carries no importance weights.
              </p>
            ))}
          </div>
        )}
      </div>
    </ChartCard>
  );
}

const CHARTS = [MeanRewardChart, LogWeightChart, EssChart];

/**
 * The three charts; loaded as their own chunk so that the particles can paint before the charts' code arrives,
 * and mounted one per animation frame, so that the first frames of a run are never held up by three charts at once.
 */
export default function ChartsPanel() {
  const mounted = useOnePerFrame(CHARTS.length);
  return (
    <>
      {CHARTS.map((Chart, i) => (i < mounted ? <Chart key={i} /> : <div key={i} className="chart chart--placeholder" />))}
    </>
  );
}
