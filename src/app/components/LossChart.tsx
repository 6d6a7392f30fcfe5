/** The live training-loss chart of the data panel (its own chunk, loaded when a training starts). */
import { measureTickLabel } from '../../view/charts/chartStyle';
import { integerAxis, logAxis } from '../../view/charts/plot/axes';
import { FramedPlot } from '../../view/charts/plot/Plot';
import { SMALL_CHART_MARGIN, SMALL_CHART_X_HEIGHT } from '../../view/charts/smallChart';
import { PALETTE } from '../../view/palette';
import { useApp } from '../store';

/** Tick labels: two significant digits. */
const tick = (v: number) => String(Number(v.toPrecision(2)));

export default function LossChart() {
  const training = useApp((s) => s.data.training);
  const steps = training.losses.map(([step]) => step);
  const losses = training.losses.map(([, loss]) => loss);
  const last = losses.length > 0 ? losses[losses.length - 1] : null;
  return (
    <figure className="chart chart--small" data-testid="loss-chart" data-points={losses.length}>
      <figcaption className="chart__title">Training loss (denoising MSE)</figcaption>
      <FramedPlot
        height={120}
        margin={SMALL_CHART_MARGIN}
        fontSize={10}
        xs={steps}
        {...integerAxis(0, training.steps || 1, SMALL_CHART_X_HEIGHT)}
        y={logAxis(losses, tick, measureTickLabel)}
        formatY={tick}
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

