/**
 * The SMC workbench (algorithms.md §5.5–5.6), under the per-step charts whenever a lane runs SMC: the tempering
 * exponent β and the conditional ESS per step, with the share of distinct particles after each resampling; the
 * surviving lineages of the final particles per step; and the lineage plot itself. Each has a sentence in words.
 * It reads the same ChartSource as the charts, but only the finished runs' statistics (not the playback cursor):
 * these views are of a whole run, so they do not redraw while a run plays.
 */
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Lane } from '../../engine/messages';
import { lineageEdges, survivingLineages } from '../../core/samplers/smc/genealogy';
import type { Genealogy, StepStats } from '../../core/types';
import { ChartSourceContext } from './context';
import { chartLanes } from './source';
import type { ChartState } from './source';
import { LANE_COLOR } from '../palette';
import { column, fractionAxis, stepAxis } from './chartParts';
import { MARGIN, measureTickLabel } from './chartStyle';
import { logAxis } from './plot/axes';
import { FramedPlot } from './plot/Plot';
import type { LaneRun } from '../session/laneRun';

const HEIGHT = 150;
/** The lineage plot draws the ancestry of at most this many final particles (evenly spaced indices). */
export const LINEAGE_PLOT_PARTICLES = 256;

interface SmcLane {
  lane: Lane;
  stats: StepStats[];
  particles: number;
  steps: number;
  genealogy: Genealogy | null;
  label: string;
}

function smcLanes(s: ChartState): SmcLane[] {
  return chartLanes(s)
    .map((lane) => ({ lane, run: lane === 'a' ? s.a : s.b }))
    .filter(({ run }) => run.scenario?.sampler.kind === 'smc' && run.stats.length > 0)
    .map(({ lane, run }) => ({
      lane,
      stats: run.stats,
      particles: run.scenario!.particles,
      steps: run.scenario!.steps,
      genealogy: run.genealogy,
      label: laneLabel(run, lane, s.compare),
    }));
}

function laneLabel(run: LaneRun, lane: Lane, compare: boolean): string {
  const t = run.scenario?.sampler.kind === 'smc' ? run.scenario.sampler.tempering : null;
  const name = !t || t.kind === 'none' ? 'SMC' : t.kind === 'fixed' ? `SMC, ${t.schedule} β` : 'SMC, adaptive β';
  return compare ? `${lane.toUpperCase()}: ${name}` : name;
}

/** Re-renders when a lane's statistics, genealogy or scenario change — not on every cursor move. */
function useSmcLanes(): SmcLane[] {
  const source = useContext(ChartSourceContext);
  if (!source) throw new Error('the SMC charts need a ChartSourceContext provider');
  const [state, setState] = useState(() => source.getState());
  useEffect(
    () =>
      source.subscribe((s, prev) => {
        if (s.a !== prev.a || s.b !== prev.b || s.compare !== prev.compare) setState(s);
      }),
    [source],
  );
  return useMemo(() => smcLanes(state), [state]);
}

function pct(v: number): string {
  return `${(100 * v).toFixed(0)} %`;
}

function BetaChart({ lanes }: { lanes: SmcLane[] }) {
  const steps = Math.max(...lanes.map((l) => l.steps));
  const rows = useMemo(() => {
    const out: Array<Record<string, number | null>> = [];
    for (let i = 0; i < steps; i++) {
      const row: Record<string, number | null> = { step: i + 1 };
      for (const l of lanes) {
        const s = l.stats[i];
        row[`${l.lane}_beta`] = s?.beta ?? null;
        row[`${l.lane}_cess`] = s?.cess !== undefined ? s.cess / l.particles : null;
        row[`${l.lane}_unique`] = s?.unique != null ? s.unique / l.particles : null;
      }
      out.push(row);
    }
    return out;
  }, [lanes, steps]);
  const summary = lanes
    .map((l) => {
      const betas = l.stats.map((s) => s.beta ?? 1);
      const firstFull = betas.findIndex((b) => b >= 1);
      const cess = l.stats.map((s) => (s.cess ?? l.particles) / l.particles);
      const minCess = Math.min(...cess);
      const uniques = l.stats.filter((s) => s.unique != null).map((s) => s.unique! / l.particles);
      const uniqueText = uniques.length > 0 ? ` After its ${uniques.length} resamplings, ${pct(Math.min(...uniques))}–${pct(Math.max(...uniques))} of the particles are distinct.` : ' It never resampled.';
      const betaText =
        firstFull === 0 ? 'β = 1 throughout (no tempering)' : `β starts at ${Number(betas[0].toPrecision(2))} and reaches 1 at step ${firstFull + 1} of ${l.steps}`;
      return `${l.label}: ${betaText}; the smallest conditional ESS of a step is ${pct(minCess)} of N.${uniqueText}`;
    })
    .join(' ');
  return (
    <figure className="chart" data-testid="chart-beta">
      <figcaption className="chart__title">Tempering β, conditional ESS and distinct particles per step</figcaption>
      <div className="chart__legend">
        {lanes.map((l) => (
          <span key={l.lane} className="legend-item">
            <svg width="22" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="21" y2="5" stroke={LANE_COLOR[l.lane]} strokeWidth="2" />
            </svg>
            {l.label}: β
            <svg width="22" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="21" y2="5" stroke={LANE_COLOR[l.lane]} strokeWidth="1.6" strokeDasharray="4 3" />
            </svg>
            conditional ESS / N
            <svg width="14" height="10" aria-hidden="true">
              <circle cx="7" cy="5" r="3" fill={LANE_COLOR[l.lane]} stroke="#fff" strokeWidth="1" />
            </svg>
            distinct after resampling / N
          </span>
        ))}
      </div>
      <div className="chart__body" aria-hidden="true">
        <FramedPlot
          height={HEIGHT}
          margin={MARGIN}
          xs={rows.map((r) => r.step as number)}
          {...stepAxis(1, steps)}
          y={fractionAxis()}
          formatY={String}
          lines={lanes.flatMap((l) => [
            { key: `${l.lane}b`, color: LANE_COLOR[l.lane], values: column(rows, `${l.lane}_beta`) },
            { key: `${l.lane}c`, color: LANE_COLOR[l.lane], width: 1.4, dash: '4 3', values: column(rows, `${l.lane}_cess`) },
            { key: `${l.lane}u`, color: LANE_COLOR[l.lane], values: column(rows, `${l.lane}_unique`), marks: { radius: 2.8 }, line: false },
          ])}
        />
      </div>
      <p className="chart__summary" data-testid="chart-beta-summary">
        {summary}
      </p>
    </figure>
  );
}

function LineageChart({ lanes }: { lanes: SmcLane[] }) {
  const withTree = lanes.filter((l) => l.genealogy);
  const counts = useMemo(() => withTree.map((l) => survivingLineages(l.genealogy!, l.particles, l.steps)), [withTree]);
  if (withTree.length === 0) return null;
  const steps = Math.max(...withTree.map((l) => l.steps));
  // x = the step taken (1 … K) as on the other charts; step i reaches grid index K − i.
  const rows = Array.from({ length: steps + 1 }, (_, i) => {
    const row: Record<string, number | null> = { step: i };
    withTree.forEach((l, j) => (row[`${l.lane}_lineages`] = i <= l.steps ? counts[j][l.steps - i] : null));
    return row;
  });
  const summary = withTree
    .map((l, j) => {
      const c = counts[j];
      const mid = c[Math.round(l.steps / 2)];
      return `${l.label}: the ${l.particles} final particles descend from ${c[l.steps]} particles of the start and from ${mid} particles of step ${Math.round(l.steps / 2)}, halfway.`;
    })
    .join(' ');
  const maxN = Math.max(...withTree.map((l) => l.particles));
  return (
    <figure className="chart" data-testid="chart-lineages">
      <figcaption className="chart__title">Surviving lineages: distinct ancestors of the final particles</figcaption>
      <div className="chart__body" aria-hidden="true">
        <FramedPlot
          height={HEIGHT}
          margin={MARGIN}
          xs={rows.map((r) => r.step as number)}
          {...stepAxis(0, steps)}
          y={logAxis([], String, measureTickLabel, [1, maxN])}
          formatY={String}
          lines={withTree.map((l) => ({ key: l.lane, color: LANE_COLOR[l.lane], curve: 'step-after' as const, values: column(rows, `${l.lane}_lineages`) }))}
        />
      </div>
      <p className="chart__summary" data-testid="chart-lineages-summary">
        {summary}
      </p>
    </figure>
  );
}

/** Draws the lineages of up to LINEAGE_PLOT_PARTICLES final particles: index against step, starting step on the left. */
function LineagePlot({ lane }: { lane: SmcLane }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const n = lane.particles;
  const shown = Math.min(n, LINEAGE_PLOT_PARTICLES);
  useEffect(() => {
    const canvas = ref.current;
    const g = lane.genealogy;
    if (!canvas || !g) return;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 320;
    const height = canvas.clientHeight || 160;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const finals = Array.from({ length: shown }, (_, i) => Math.floor((i * n) / shown));
    const pad = 6;
    const x = (k: number) => pad + ((lane.steps - k) / lane.steps) * (width - 2 * pad);
    const y = (i: number) => pad + (i / Math.max(1, n - 1)) * (height - 2 * pad);
    ctx.strokeStyle = LANE_COLOR[lane.lane];
    ctx.globalAlpha = 0.55;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const e of lineageEdges(g, n, lane.steps, finals)) {
      ctx.moveTo(x(e.kFrom), y(e.from));
      ctx.lineTo(x(e.kTo), y(e.to));
    }
    ctx.stroke();
  }, [lane, n, shown]);
  if (!lane.genealogy) return null;
  const label = `Lineage plot of ${lane.label}: the ancestry of ${shown === n ? `all ${n}` : `${shown} of the ${n}`} final particles, particle index against step, from the start (left) to the end (right); lines merge where particles share an ancestor.`;
  return (
    <figure className="chart lineage-plot" data-testid={`lineage-plot-${lane.lane}`}>
      <figcaption className="chart__title">Lineages{lane.label !== 'SMC' ? ` — ${lane.label}` : ''}</figcaption>
      <canvas ref={ref} role="img" aria-label={label} style={{ width: '100%', height: 160, display: 'block' }} />
      <div className="lineage-plot__axis" aria-hidden="true">
        <span>step 1 (start)</span>
        <span>particle index ↓ 0 … {n - 1}</span>
        <span>step {lane.steps} (end)</span>
      </div>
      <p className="chart__summary">{label}</p>
    </figure>
  );
}

export default function SmcWorkbench() {
  const lanes = useSmcLanes();
  if (lanes.length === 0) return null;
  return (
    <section className="panel smc-workbench" aria-labelledby="smc-workbench-heading" data-testid="smc-workbench">
      <h2 id="smc-workbench-heading">SMC workbench</h2>
      <BetaChart lanes={lanes} />
      <LineageChart lanes={lanes} />
      {lanes.map((l) => (
        <LineagePlot key={l.lane} lane={l} />
      ))}
    </section>
  );
}
