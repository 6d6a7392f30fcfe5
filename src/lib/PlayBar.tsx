/** The figure's minimal play bar: play/pause, the step scrubber and "run again". */
import { useStore } from 'zustand';
import type { Figure } from './figure';
import type { RunStatus } from '../view/session/laneRun';

/** What the scrubber says before the run has a frame: one label per run state, none of them "waiting". */
const NO_FRAME_LABEL: Record<RunStatus, string> = {
  idle: 'not started yet',
  starting: 'computing the first step',
  running: 'computing the first step',
  done: 'no steps to show',
  error: 'the run failed (see the message in the figure)',
  cancelled: 'the run was stopped',
};

export function PlayBar(props: { figure: Figure }) {
  const { figure } = props;
  const playing = useStore(figure.store, (s) => s.playing);
  const cursor = useStore(figure.store, (s) => s.cursor);
  const frameCount = useStore(figure.session.store, (r) => r.frameCount);
  const status = useStore(figure.session.store, (r) => r.status);
  const steps = useStore(figure.store, (s) => s.scenario.steps);
  const end = Math.max(0, frameCount - 1);
  const shown = Math.min(cursor, end);
  const label = frameCount > 0 ? (shown >= steps ? 'final samples' : `step ${shown + 1} of ${steps}`) : NO_FRAME_LABEL[status];
  return (
    <div className="tiltlab__bar" role="group" aria-label="Playback">
      <button type="button" onClick={() => (playing ? figure.pause() : figure.play())} data-testid="figure-play">
        {playing ? 'Pause' : 'Play'}
      </button>
      <input
        type="range"
        min={0}
        max={end}
        value={shown}
        disabled={frameCount === 0}
        onChange={(e) => figure.scrub(Number(e.target.value))}
        aria-label="Step shown"
        aria-valuetext={label}
      />
      <button type="button" onClick={() => figure.runAgain()}>
        Run again
      </button>
    </div>
  );
}
