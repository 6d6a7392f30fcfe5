/**
 * The centre of the page: one canvas per lane (two side by side in compare mode) in one shared window (the
 * page's camera, framed by useStageFraming), the view controls, the legend and playback.
 */
import { PALETTE } from '../../view/palette';
import { useLane } from '../runControl';
import { useStageFraming } from '../stageCamera';
import { ViewControls } from './ViewControls';
import { useApp } from '../store';
import { ParticleCanvas } from './ParticleCanvas';
import { Transport } from './Transport';

function Legend() {
  const runModel = useLane('a', (r) => r.scenario?.model);
  const editedModel = useApp((s) => s.scenario.model);
  const model = runModel ?? editedModel;
  const exactA = useLane('a', (r) => r.exact !== null);
  const exactB = useLane('b', (r) => r.exact !== null);
  const compare = useApp((s) => s.compare);
  const hasExact = exactA || (compare && exactB);
  const reward = useApp((s) => s.scenario.reward.kind);
  const hasData = useApp((s) => model.kind === 'mlp' && s.learnedData[model.name] !== undefined);
  return (
    <ul className="legend" aria-label="Legend">
      {model.kind === 'gmm' ? (
        <li>
          <span className="legend__shade" aria-hidden="true" /> base density p
        </li>
      ) : hasData ? (
        <li>
          <span className="legend__dot" aria-hidden="true" /> your training data (a learned density has no closed form)
        </li>
      ) : (
        <li>learned model: its density has no closed form</li>
      )}
      {hasExact && (
        <li>
          <span className="legend__line" style={{ borderColor: PALETTE.exact }} aria-hidden="true" /> exact target (contours)
        </li>
      )}
      {(reward === 'linear' || reward === 'max-linear') && (
        <li>
          <span style={{ color: PALETTE.reward }} aria-hidden="true">
            ➜
          </span>{' '}
          reward gradient
        </li>
      )}
      {reward === 'quadratic' && (
        <li>
          <span style={{ color: PALETTE.reward }} aria-hidden="true">
            ⊕
          </span>{' '}
          reward target c (click to move)
        </li>
      )}
    </ul>
  );
}

export function Stage(props: { controls: boolean }) {
  const compare = useApp((s) => s.compare);
  const runModel = useLane('a', (r) => r.scenario?.model);
  const editedModel = useApp((s) => s.scenario.model);
  useStageFraming(runModel ?? editedModel);
  return (
    <section className="stage" aria-label="Particles" id="stage" tabIndex={-1}>
      <div className={`stage__canvases${compare ? ' is-compare' : ''}`}>
        <ParticleCanvas lane="a" />
        {compare && <ParticleCanvas lane="b" />}
      </div>
      <div className="stage__under">
        <Legend />
        <ViewControls />
      </div>
      {props.controls && <Transport />}
    </section>
  );
}
