/**
 * The final summary of each lane's run: what ran (whether it targets the law exactly, on a discretised chain or only
 * approximately) and whether this run's numbers are reliable (view/samplers/verdict.ts), the
 * mean reward against the exact E_q r, the distance to the exact target, log Z and the SMC estimate log Ẑ,
 * the W-prox transport cost, and ms per step on the backend that ran it.
 */
import type { ReactNode } from 'react';
import type { Lane } from '../../engine/messages';
import { BACKEND_LABEL } from '../../engine/messages';
import type { BackendName } from '../../engine/messages';
import { LANE_COLOR } from '../../view/palette';
import { samplerView } from '../../view/samplers';
import { plainRunError } from '../../view/runProblem';
import { reliabilityVerdict, targetVerdict } from '../../view/samplers/verdict';
import type { LaneRun } from '../../view/session/laneRun';
import { useLane } from '../runControl';
import { useApp } from '../store';

function fmt(v: number | undefined | null, digits = 3): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return v.toFixed(digits);
}

interface RowDef {
  id: string;
  label: ReactNode;
  title: string;
  value: (r: LaneRun) => ReactNode;
}

const ROWS: RowDef[] = [
  {
    id: 'method',
    label: 'Method',
    title: 'The algorithm that actually ran for this model and reward',
    value: (r) => {
      if (!r.summary || !r.scenario) return '—';
      const v = targetVerdict(r.scenario, r.summary);
      return (
        <>
          {r.summary.method}{' '}
          <span className={`pill ${v.kind === 'exact' ? 'pill--ok' : v.kind === 'discretised' ? 'pill--info' : 'pill--warn'}`} title={v.explanation} data-verdict={v.kind}>
            {v.label}
          </span>
        </>
      );
    },
  },
  {
    id: 'reliability',
    label: 'Reliability',
    title: 'Whether this run’s numbers rest on enough particles: the smallest effective sample size of its weights (flagged below 10% of N)',
    value: (r) => {
      if (!r.summary || !r.scenario) return '—';
      const v = reliabilityVerdict(r.scenario, r.stats, r.summary);
      return (
        <span className={`pill ${v.kind === 'degenerate' ? 'pill--warn' : v.kind === 'reliable' ? 'pill--ok' : 'pill--info'}`} title={v.explanation} data-verdict={v.kind}>
          {v.label}
        </span>
      );
    },
  },
  { id: 'mean-reward', label: 'Mean reward', title: 'Mean of r over the final, equally weighted samples', value: (r) => fmt(r.summary?.meanReward) },
  { id: 'exact-mean-reward', label: 'Exact E_q r', title: 'The closed-form mean reward of the target (where known)', value: (r) => fmt(r.summary?.exactMeanReward ?? r.exact?.meanReward) },
  { id: 'energy-distance', label: 'Energy distance to target', title: 'Energy distance between the samples and exact draws of the target (0 = same law)', value: (r) => fmt(r.summary?.energyDistance, 4) },
  { id: 'log-z', label: 'log Z (exact)', title: 'log E_p exp(r/λ) in closed form', value: (r) => fmt(r.summary?.logZ ?? r.exact?.logZ) },
  { id: 'log-z-hat', label: 'log Ẑ (SMC)', title: 'The SMC estimate of log Z (its Ẑ is unbiased, §5.3)', value: (r) => fmt(r.summary?.logZHat) },
  { id: 'transport-cost', label: 'Transport cost', title: 'W-prox: mean ‖T(x) − x‖² over the samples', value: (r) => fmt(r.summary?.transportCost) },
  { id: 'resamplings', label: 'Resamplings', title: 'SMC resampling events', value: (r) => (r.summary?.resamplings !== undefined ? String(r.summary.resamplings) : '—') },
  {
    id: 'ms-per-step',
    label: 'ms per step',
    title: 'Engine time per denoising step, on the backend shown',
    value: (r) =>
      r.summary ? `${fmt(r.summary.msPerStep, 2)} (${BACKEND_LABEL[r.summary.backend as BackendName] ?? r.summary.backend})` : r.msPerStep !== null ? `${fmt(r.msPerStep, 2)}…` : '—',
  },
];

export function SummaryTable() {
  const compare = useApp((s) => s.compare);
  const a = useLane('a', (r) => r);
  const b = useLane('b', (r) => r);
  const lanes: Array<[Lane, LaneRun]> = compare ? [['a', a], ['b', b]] : [['a', a]];
  const notes = lanes.filter(([, r]) => r.summary?.note || r.summary?.target || r.error);
  const degenerate = lanes
    .map(([lane, r]) => [lane, r.summary && r.scenario ? reliabilityVerdict(r.scenario, r.stats, r.summary) : null] as const)
    .filter(([, v]) => v?.kind === 'degenerate');
  return (
    <section className="summary" aria-labelledby="summary-heading" data-testid="summary">
      <h2 id="summary-heading">Summary</h2>
      <table>
        <thead>
          <tr>
            <th scope="col" />
            {/* The lane's colour underlines its name: vermillion text on white stays below 4.5:1 contrast. */}
            {lanes.map(([lane, r]) => (
              <th key={lane} scope="col" style={{ borderBottom: `3px solid ${LANE_COLOR[lane]}` }}>
                {compare ? `${lane.toUpperCase()}: ` : ''}
                {r.scenario ? samplerView(r.scenario.sampler.kind).label : '—'}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.id}>
              <th scope="row" title={row.title}>
                {row.label}
              </th>
              {lanes.map(([lane, r]) => (
                <td key={lane} data-testid={`summary-${lane}-${row.id}`}>
                  {row.value(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {degenerate.map(([lane, v]) => (
        <p key={`degenerate-${lane}`} className="summary__note summary__note--warn" role="status" data-testid={`degenerate-${lane}`}>
          <strong>{compare ? `${lane.toUpperCase()}: ` : ''}Degenerate weights.</strong> {v!.explanation}
        </p>
      ))}
      {notes.map(([lane, r]) => (
        <p key={lane} className={`summary__note${r.error ? ' summary__note--error' : ''}`} data-testid={`run-note-${lane}`}>
          {compare && <strong>{lane.toUpperCase()}: </strong>}
          {r.error ? `This run failed: ${plainRunError(r.error, r.scenario?.steps ?? null, { remedy: false })}.${r.failedBehind !== null ? ' The numbers above are the last good run’s.' : ''}` : [r.summary?.target ? `Target: ${r.summary.target}.` : '', r.summary?.note ?? ''].join(' ')}
        </p>
      ))}
    </section>
  );
}
