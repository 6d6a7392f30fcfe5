/** Play / pause / single step, the step scrubber, trails, and "run again". */
import { actions } from '../actions';
import { isComputing } from '../../view/session/laneRun';
import type { RunStatus } from '../../view/session/laneRun';
import { useStore } from 'zustand';
import { laneSessions, runNow, stopRuns, useLane } from '../runControl';
import { useApp } from '../store';

/** Small inline icons (no icon font: nothing loads from outside the page, and every system draws them alike). */
const ICON_PATHS = {
  first: 'M3 2h2v12H3zM14 2v12L6 8z',
  back: 'M12 2v12L4 8z',
  play: 'M4 2v12l10-6z',
  pause: 'M3 2h4v12H3zM9 2h4v12H9z',
  forward: 'M4 2v12l8-6zM12 2h2v12h-2z',
} as const;

function Icon(props: { name: keyof typeof ICON_PATHS }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={ICON_PATHS[props.name]} fill="currentColor" />
    </svg>
  );
}

/** The step label before a run has a frame: it says why, and never waits forever (a run that ended says so). */
const EMPTY_LABEL: Record<RunStatus, string> = {
  idle: 'no run yet',
  starting: 'starting the run…',
  running: 'computing the first step…',
  done: 'no steps',
  error: 'the run failed (see the message on the canvas)',
  cancelled: 'the run was stopped',
};

export function Transport() {
  const playing = useApp((s) => s.playing);
  const cursor = useApp((s) => s.cursor);
  const compare = useApp((s) => s.compare);
  const framesA = useLane('a', (r) => r.frameCount);
  const framesB = useLane('b', (r) => r.frameCount);
  const computingA = useLane('a', isComputing);
  const computingB = useLane('b', isComputing);
  const frames = compare ? Math.max(framesA, framesB) : framesA;
  const finished = !computingA && !(compare && computingB);
  const trails = useApp((s) => s.trails);
  const runSteps = useLane('a', (r) => r.scenario?.steps);
  const editedSteps = useApp((s) => s.scenario.steps);
  const steps = runSteps ?? editedSteps;
  const end = Math.max(0, frames - 1);
  const shown = Math.min(cursor, end);
  const statusA = useLane('a', (r) => r.status);
  const computedA = useLane('a', (r) => r.stats.length);
  const computedB = useLane('b', (r) => r.stats.length);
  const computed = compare ? Math.min(computedA, computedB) : computedA;
  // An edit's run computing behind the finished picture (it replaces the picture once it has finished).
  const behindA = useStore(laneSessions.a.behind, (s) => s.progress);
  const behindB = useStore(laneSessions.b.behind, (s) => s.progress);
  const behind = [behindA, compare ? behindB : null].filter((b) => b !== null);
  const behindComputed = behind.length > 0 ? Math.min(...behind.map((b) => b.computed)) : 0;
  const behindSteps = behind.length > 0 ? behind[0].steps : 0;
  const label = frames === 0 ? EMPTY_LABEL[statusA] : shown >= steps ? 'final samples' : `step ${shown + 1} of ${steps}`;
  return (
    <div className="transport" role="group" aria-label="Playback">
      <div className="transport__buttons">
        <button type="button" onClick={() => actions.scrub(0)} aria-label="Back to the first step" title="First step" disabled={frames === 0}>
          <Icon name="first" />
        </button>
        <button type="button" onClick={() => actions.step(-1)} aria-label="One step back" title="Step back" disabled={shown <= 0}>
          <Icon name="back" />
        </button>
        <button
          type="button"
          className="transport__play"
          onClick={() => (playing ? actions.pause() : actions.play())}
          aria-label={playing ? 'Pause' : 'Play'}
          data-testid="play-pause"
        >
          <Icon name={playing ? 'pause' : 'play'} />
        </button>
        <button type="button" onClick={() => actions.step(1)} aria-label="One step forward" title="Step forward" disabled={shown >= end} data-testid="step-forward">
          <Icon name="forward" />
        </button>
        <button type="button" className="transport__run" onClick={runNow} data-testid="run-button">
          Run again
        </button>
        {(!finished || behind.length > 0) && (
          <button type="button" className="transport__stop" onClick={stopRuns} data-testid="stop-button" title="Stop computing (what is computed stays)">
            Stop
          </button>
        )}
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
        {finished && behind.length > 0 && (
          <span className="transport__live" data-testid="progress">
            <progress className="transport__progress" max={behindSteps} value={behindComputed} aria-label="Steps of the new run computed" />
            {`new run: step ${behindComputed} of ${behindSteps}`}
          </span>
        )}
        {!finished && (
          <span className="transport__live" data-testid="progress">
            <progress className="transport__progress" max={steps} value={computed} aria-label="Steps computed" />
            {computed === 0 ? 'starting…' : `computing step ${computed} of ${steps}`}
          </span>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={trails} onChange={actions.toggleTrails} data-testid="trails-toggle" /> trails
        </label>
      </div>
    </div>
  );
}
