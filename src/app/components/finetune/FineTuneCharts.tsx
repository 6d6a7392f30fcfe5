/**
 * The fine-tune panel's live charts, one point per update (of the batch sampled at the start of the update,
 * core/finetune/run.ts): mean reward with the exact E_q r and E_p r lines, the variance of the log importance
 * weights (§6.4, 0 iff the policy's path law is the target), the path KL to the frozen reference (§6.3), and the
 * energy distance to exact draws of q where q is known. Animation off; a sentence under the charts says the same in
 * words. Its own chunk: loaded only when a fine-tune starts.
 */
import type { ReactNode } from 'react';
import type { BatchFigures, UpdateReport } from '../../../core/finetune/run';
import { measureTickLabel } from '../../../view/charts/chartStyle';
import { SmallPlot, twoDigits } from '../../../view/charts/SmallPlot';
import { valueAxis } from '../../../view/charts/valueAxis';
import { PALETTE } from '../../../view/palette';
import { useApp } from '../../store';
import type { FineTuneState } from './fineTuneState';

type Figure = 'meanReward' | 'logWeightVar' | 'klToReference' | 'energyDistance';

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-2 || a >= 1e4)) return v.toExponential(2);
  return v.toFixed(3);
}

function SmallChart(props: {
  title: ReactNode;
  testId: string;
  figure: Figure;
  rows: UpdateReport[];
  updates: number;
  color: string;
  lines?: Array<{ y: number; label: string; dashed?: boolean }>;
}) {
  const values = props.rows.map((r) => r[props.figure]);
  const points = values.filter((v) => v !== null).length;
  // The reference lines are part of the range shown.
  const axis = valueAxis([...values, ...(props.lines ?? []).map((l) => l.y)], twoDigits, measureTickLabel);
  return (
    <figure className="chart chart--small" data-testid={props.testId} data-points={points}>
      <figcaption className="chart__title">{props.title}</figcaption>
      <SmallPlot
        height={110}
        xs={props.rows.map((r) => r.update)}
        first={1}
        last={Math.max(2, props.updates)}
        y={axis}
        references={props.lines?.map((l) => ({ y: l.y, color: l.dashed ? PALETTE.muted : PALETTE.exact, dash: '4 3', width: 1 }))}
        // A dot per point while there are too few points to draw a line through.
        lines={[{ key: props.figure, color: props.color, width: 1.5, values, connectGaps: true, marks: props.rows.length < 3 ? { radius: 3 } : undefined }]}
      />
    </figure>
  );
}

function change(f: FineTuneState, key: Figure): string {
  const first = f.reports[0]?.[key];
  const last = f.reports[f.reports.length - 1]?.[key];
  return `${fmt(first)} → ${fmt(last)}`;
}

function evaluation(label: string, b: BatchFigures | null | undefined): string {
  if (!b) return '';
  const d = b.energyDistance !== null ? `, energy distance to q ${fmt(b.energyDistance)}` : '';
  return `${label}: mean reward ${fmt(b.meanReward)}, Var log w ${fmt(b.logWeightVar)}, KL to reference ${fmt(b.klToReference)}${d}.`;
}

/** The charts in words: where each figure started and where it is now, and the exact reference values. */
function summaryText(f: FineTuneState): string {
  const n = f.reports.length;
  if (n === 0) return 'Waiting for the first update.';
  const parts = [
    `Over ${n} update${n === 1 ? '' : 's'} (first → latest batch): mean reward ${change(f, 'meanReward')}`,
    f.exactMeanReward !== null ? ` (exact target E_q r = ${fmt(f.exactMeanReward)}, data E_p r = ${fmt(f.baseMeanReward)})` : '',
    `; Var log w ${change(f, 'logWeightVar')} (0 means the model samples q exactly)`,
    `; KL to the reference ${change(f, 'klToReference')} nats`,
    f.targetKnown ? `; energy distance to q ${change(f, 'energyDistance')}.` : '; no closed-form target for this model and reward, so no distance to it.',
  ];
  if (f.summary) {
    parts.push(' ', evaluation('Before, on a fresh evaluation sample', f.summary.initial), ' ', evaluation('After, on the same noise', f.summary.final));
  }
  return parts.join('');
}

export default function FineTuneCharts() {
  const f = useApp((s) => s.fineTune);
  const rows = f.reports;
  const rewardLines =
    f.exactMeanReward !== null && f.baseMeanReward !== null
      ? [
          { y: f.exactMeanReward, label: 'E_q r' },
          { y: f.baseMeanReward, label: 'E_p r', dashed: true },
        ]
      : undefined;
  return (
    <div className="finetune__charts" data-testid="finetune-charts" data-updates={rows.length}>
      <SmallChart
        title={`Mean reward per update${rewardLines ? ' (green: exact E_q r, grey: E_p r)' : ''}`}
        testId="finetune-chart-reward"
        figure="meanReward"
        rows={rows}
        updates={f.updates}
        color={PALETTE.laneA}
        lines={rewardLines}
      />
      <SmallChart title="Variance of log importance weights" testId="finetune-chart-logweight" figure="logWeightVar" rows={rows} updates={f.updates} color={PALETTE.laneB} />
      <SmallChart title="KL to the reference model (nats)" testId="finetune-chart-kl" figure="klToReference" rows={rows} updates={f.updates} color={PALETTE.reward} />
      {f.targetKnown ? (
        <SmallChart title="Energy distance to the exact target q" testId="finetune-chart-distance" figure="energyDistance" rows={rows} updates={f.updates} color={PALETTE.exact} />
      ) : (
        <p className="panel__note" data-testid="finetune-chart-distance-na">
          Distance to the exact target: n/a (it is known for GMM-based models with a reward of degree ≤ 2).
        </p>
      )}
      <p className="chart__summary" data-testid="finetune-summary">
        {summaryText(f)}
      </p>
    </div>
  );
}
