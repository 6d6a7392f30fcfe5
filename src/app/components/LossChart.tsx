/** The live training-loss chart of the data panel (its own chunk, loaded when a training starts). */
import { measureTickLabel } from '../../view/charts/chartStyle';
import { logAxis } from '../../view/charts/plot/axes';
import { SmallPlot, twoDigits } from '../../view/charts/SmallPlot';
import { PALETTE } from '../../view/palette';
import { useApp } from '../store';

export default function LossChart() {
  const training = useApp((s) => s.data.training);
  const steps = training.losses.map(([step]) => step);
  const losses = training.losses.map(([, loss]) => loss);
  const last = losses.length > 0 ? losses[losses.length - 1] : null;
  return (
    <figure className="chart chart--small" data-testid="loss-chart" data-points={losses.length}>
      <figcaption className="chart__title">Training loss (denoising MSE)</figcaption>
      <SmallPlot
        height={120}
        xs={steps}
        first={0}
        last={training.steps || 1}
        y={logAxis(losses, twoDigits, measureTickLabel)}
        lines={[{ key: 'loss', color: PALETTE.ink, width: 1.5, values: losses }]}
      />
      <p className="chart__summary">
        {training.status === 'training' && `Step ${training.step} of ${training.steps}; loss ${last?.toPrecision(3) ?? '…'}.`}
        {training.status === 'done' && `Trained ${training.steps} steps in ${((training.ms ?? 0) / 1000).toFixed(1)} s; final loss ${last?.toPrecision(3) ?? 'n/a'}. The model is now selected above.`}
        {training.status === 'cancelled' && 'Training stopped; the previous model is unchanged.'}
        {training.status === 'error' && `Training failed: ${training.error}. The previous model is unchanged.`}
      </p>
    </figure>
  );
}

