/** The live training-loss chart of the data panel (its own chunk: recharts loads only when needed). */
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import { PALETTE } from '../../view/palette';
import { useApp } from '../store';

export default function LossChart() {
  const training = useApp((s) => s.data.training);
  const rows = training.losses.map(([step, loss]) => ({ step, loss }));
  const last = rows.length > 0 ? rows[rows.length - 1].loss : null;
  return (
    <figure className="chart chart--small" data-testid="loss-chart" data-points={rows.length}>
      <figcaption className="chart__title">Training loss (denoising MSE)</figcaption>
      <LineChart responsive style={{ width: '100%', height: 120 }} data={rows} margin={{ top: 6, right: 10, bottom: 2, left: 0 }}>
        <CartesianGrid stroke={PALETTE.grid} vertical={false} />
        <XAxis dataKey="step" type="number" domain={[0, training.steps || 1]} tick={{ fontSize: 10, fill: PALETTE.muted }} height={20} />
        <YAxis scale="log" domain={['auto', 'auto']} tick={{ fontSize: 10, fill: PALETTE.muted }} width={42} tickFormatter={(v: number) => v.toPrecision(2)} allowDataOverflow />
        <Line dataKey="loss" stroke={PALETTE.ink} dot={false} strokeWidth={1.5} isAnimationActive={false} type="linear" />
      </LineChart>
      <p className="chart__summary">
        {training.status === 'training' && `Step ${training.step} of ${training.steps}; loss ${last?.toPrecision(3) ?? '…'}.`}
        {training.status === 'done' && `Trained ${training.steps} steps in ${((training.ms ?? 0) / 1000).toFixed(1)} s; final loss ${last?.toPrecision(3) ?? 'n/a'}. The model is now selected above.`}
        {training.status === 'cancelled' && 'Training stopped; the previous model is unchanged.'}
        {training.status === 'error' && `Training failed: ${training.error}. The previous model is unchanged.`}
      </p>
    </figure>
  );
}

