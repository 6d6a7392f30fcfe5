/**
 * The state of one lane's run as the engine reports it — status, validated scenario, exact target, step
 * statistics, summary, error — in one plain object. It is what a LaneSession's store holds, and what the
 * canvas, the charts and the summary read; it knows nothing of the page or of playback.
 */
import type { Scenario } from '../../core/scenario';
import type { Genealogy, StepStats } from '../../core/types';
import type { BackendName, ExactTargetInfo, RunSummary } from '../../engine/messages';

export type RunStatus = 'idle' | 'starting' | 'running' | 'done' | 'error' | 'cancelled';

export interface LaneRun {
  runId: number;
  status: RunStatus;
  /** The scenario as the engine validated it (defaults filled). */
  scenario: Scenario | null;
  exact: ExactTargetInfo | null;
  stats: StepStats[];
  /** Engine time of the latest step. */
  msPerStep: number | null;
  summary: RunSummary | null;
  error: { field: string | null; problem: string } | null;
  backend: BackendName | null;
  /**
   * Set when this run failed before showing anything of its own: how many steps it had computed. The picture,
   * statistics and summary on screen are then the previous finished run's (an edit keeps them until the new run has
   * finished, LaneSession `keepShown`). Null otherwise.
   */
  failedBehind: number | null;
  /** SMC: the run's resamplings, for the genealogy views (§5.6); null otherwise. */
  genealogy: Genealogy | null;
  /** Display frames available in the lane's FrameBuffer (steps, plus the final samples once done). */
  frameCount: number;
  /** A cancelled run was stopped by the user (the Stop button), not replaced by a newer run. */
  stoppedByUser: boolean;
}

/**
 * Whether the lane shows a finished picture with its statistics: its own finished run, or the last good one that a
 * later run failed behind (`failedBehind`). An edit then keeps that picture until the new run has finished.
 */
export function showsFinished(run: LaneRun): boolean {
  return run.status === 'done' || (run.status === 'error' && run.failedBehind !== null);
}

export function emptyLane(): LaneRun {
  return {
    runId: -1,
    status: 'idle',
    scenario: null,
    exact: null,
    stats: [],
    msPerStep: null,
    summary: null,
    error: null,
    backend: null,
    genealogy: null,
    failedBehind: null,
    frameCount: 0,
    stoppedByUser: false,
  };
}

/** Still computing: the engine has not yet reported the run's end. */
export function isComputing(run: LaneRun): boolean {
  return run.status === 'starting' || run.status === 'running';
}
