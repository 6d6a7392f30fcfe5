/** Play / pause / single step, the step scrubber, trails, and "run again". */
import { actions, maxFrames, runNow, runsFinished, useApp } from '../store';

export function Transport() {
  const playing = useApp((s) => s.playing);
  const cursor = useApp((s) => s.cursor);
  const frames = useApp(maxFrames);
  const finished = useApp(runsFinished);
  const trails = useApp((s) => s.trails);
  const steps = useApp((s) => s.lanes.a.scenario?.steps ?? s.scenario.steps);
  const end = Math.max(0, frames - 1);
  const shown = Math.min(cursor, end);
  const label = frames === 0 ? 'waiting for the first step' : shown >= steps ? 'final samples' : `step ${shown + 1} of ${steps}`;
  return (
    <div className="transport" role="group" aria-label="Playback">
      <div className="transport__buttons">
        <button type="button" onClick={() => actions.scrub(0)} aria-label="Back to the first step" title="First step" disabled={frames === 0}>
          ⏮
        </button>
        <button type="button" onClick={() => actions.step(-1)} aria-label="One step back" title="Step back" disabled={shown <= 0}>
          ◀
        </button>
        <button
          type="button"
          className="transport__play"
          onClick={() => (playing ? actions.pause() : actions.play())}
          aria-label={playing ? 'Pause' : 'Play'}
          data-testid="play-pause"
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button type="button" onClick={() => actions.step(1)} aria-label="One step forward" title="Step forward" disabled={shown >= end} data-testid="step-forward">
          ▶▏
        </button>
        <button type="button" className="transport__run" onClick={runNow} data-testid="run-button">
          Run again
        </button>
      </div>
      <label className="transport__scrub">
        <span className="visually-hidden">Step shown</span>
        <input
          type="range"
          min={0}
          max={end}
          step={1}
          value={shown}
          disabled={frames === 0}
          onChange={(e) => actions.scrub(Number(e.target.value))}
          aria-valuetext={label}
          data-testid="scrubber"
        />
      </label>
      <div className="transport__meta">
        <span data-testid="step-label">{label}</span>
        {!finished && <span className="transport__live">computing…</span>}
        <label className="checkbox">
          <input type="checkbox" checked={trails} onChange={actions.toggleTrails} data-testid="trails-toggle" /> trails
        </label>
      </div>
    </div>
  );
}
