/**
 * Step-through mode: one denoising step of lane A at a time, split into the phases its sampler has
 * (src/view/samplers/, one module per sampler), with what happened in this step and the formula behind the phase. The canvas
 * and the charts follow the playback cursor, which this panel sets to the step being explained.
 */
import { useState } from 'react';
import { actions } from '../../actions';
import { formatStat, samplerView } from '../../../view/samplers';
import { useLane } from '../../runControl';
import { useApp } from '../../store';
import { TexFormula } from './TexFormula';

export function StepThrough() {
  const [on, setOn] = useState(false);
  const [phase, setPhase] = useState(0);
  const run = useLane('a', (r) => r);
  const cursor = useApp((s) => s.cursor);
  const compare = useApp((s) => s.compare);
  const scenario = run.scenario;
  const stats = run.stats;
  const step = Math.min(cursor, stats.length - 1);
  const phasesOf = (i: number) => (scenario ? samplerView(scenario.sampler.kind).phases(scenario.sampler, stats[i], scenario.steps, scenario.particles) : []);
  const phases = on && step >= 0 ? phasesOf(step) : [];
  const shown = Math.min(phase, Math.max(0, phases.length - 1));
  const current = phases[shown];
  const stat = step >= 0 ? stats[step] : null;

  const toggle = (value: boolean) => {
    setOn(value);
    setPhase(0);
    if (value) actions.scrub(0); // start the walk at the first step (this also pauses playback)
  };
  const next = () => {
    if (shown < phases.length - 1) setPhase(shown + 1);
    else if (step < stats.length - 1) {
      actions.scrub(step + 1);
      setPhase(0);
    }
  };
  const previous = () => {
    if (shown > 0) setPhase(shown - 1);
    else if (step > 0) {
      actions.scrub(step - 1);
      setPhase(phasesOf(step - 1).length - 1);
    }
  };
  const atStart = step <= 0 && shown === 0;
  const atEnd = step >= stats.length - 1 && shown === phases.length - 1;

  return (
    <section className="step-through panel" aria-labelledby="step-through-heading" data-testid="step-through">
      <div className="step-through__head">
        <h2 id="step-through-heading">Step through</h2>
        <label className="checkbox">
          <input type="checkbox" checked={on} onChange={(e) => toggle(e.target.checked)} data-testid="step-through-toggle" />
          One step at a time, phase by phase{compare ? ' (sampler A)' : ''}
        </label>
      </div>
      {on && (!scenario || !stat || !current) && <p>The walk-through starts when the run has its first step.</p>}
      {on && scenario && stat && current && (
        <div data-testid="step-through-body" data-step={step + 1} data-phase={current.id}>
          <ol className="step-through__phases" aria-label="Phases of this step">
            {phases.map((p, i) => (
              <li key={p.id} aria-current={i === shown ? 'step' : undefined} className={i === shown ? 'is-current' : undefined}>
                {p.name}
              </li>
            ))}
          </ol>
          <div className="step-through__nav" role="group" aria-label="Step-through navigation">
            <button type="button" onClick={previous} disabled={atStart} aria-label="Previous phase" data-testid="phase-previous">
              ← Previous phase
            </button>
            <button type="button" onClick={next} disabled={atEnd} aria-label="Next phase" data-testid="phase-next">
              Next phase →
            </button>
          </div>
          <div aria-live="polite">
            <h3 data-testid="step-through-title">
              {samplerView(scenario.sampler.kind).label}, step {step + 1} of {scenario.steps}: <span data-testid="step-through-phase">{current.name}</span>
            </h3>
            <p data-testid="step-through-explanation">{current.explanation}</p>
          </div>
          <TexFormula tex={current.tex} />
          <dl className="step-through__stats" aria-label="This step's numbers">
            <div>
              <dt>t</dt>
              <dd data-testid="step-through-t">{formatStat(stat.t)}</dd>
            </div>
            <div>
              <dt>mean reward</dt>
              <dd data-testid="step-through-reward" data-value={stat.meanReward}>
                {formatStat(stat.meanReward)}
              </dd>
            </div>
            <div>
              <dt>V_k</dt>
              <dd data-testid="step-through-var" data-value={stat.logWeightVar ?? ''}>
                {formatStat(stat.logWeightVar)}
              </dd>
            </div>
            <div>
              <dt>ESS / N</dt>
              <dd data-testid="step-through-ess" data-value={stat.ess ?? ''}>
                {stat.ess === null ? 'n/a' : formatStat(stat.ess / scenario.particles, 2)}
              </dd>
            </div>
            <div>
              <dt>resampled</dt>
              <dd data-testid="step-through-resampled">{stat.resampled ? 'yes' : 'no'}</dd>
            </div>
          </dl>
        </div>
      )}
    </section>
  );
}
