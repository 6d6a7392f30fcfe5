/**
 * A failed or stopped run, said over its canvas where the eye is: what failed (and at which step), which field
 * or input it concerns, and what to try — with the last good picture kept underneath and the charts ending at
 * the last good step. The engine's words, with its field names and the page's step numbers, stay under "Details".
 */
import { useState } from 'react';
import type { Lane } from '../../engine/messages';
import { explainRunProblem, plainRunError } from '../../view/runProblem';
import { runNow, useLane } from '../runControl';

export function RunProblem(props: { lane: Lane; keptPicture: boolean }) {
  const run = useLane(props.lane, (r) => r);
  const [dismissed, setDismissed] = useState(-1);
  if ((run.status !== 'error' && run.status !== 'cancelled') || dismissed === run.runId) return null;
  const steps = run.scenario?.steps ?? null;
  // A run that failed behind the previous finished one showed nothing of its own: that picture stays underneath.
  const said = explainRunProblem({
    status: run.status,
    error: run.error,
    goodSteps: run.failedBehind ?? run.stats.length,
    steps,
    keptPicture: props.keptPicture || run.failedBehind !== null,
    previousPicture: run.failedBehind !== null,
    stoppedByUser: run.stoppedByUser,
    rewardKind: run.scenario?.reward.kind,
  });
  return (
    <div className="run-problem" role="alert" data-testid={`run-problem-${props.lane}`}>
      <p className="run-problem__title">{said.title}</p>
      {said.where && <p className="run-problem__where">{said.where}</p>}
      <p className="run-problem__what">{said.what}</p>
      <p className="run-problem__try">{said.tryThis}</p>
      <p className="run-problem__kept">{said.kept}</p>
      <div className="run-problem__buttons">
        <button type="button" className="primary" onClick={runNow}>
          Run again
        </button>
        <button type="button" onClick={() => setDismissed(run.runId)}>
          Hide this message
        </button>
      </div>
      {run.error && (
        <details className="run-problem__details">
          <summary>Details</summary>
          <code>{plainRunError(run.error, steps)}</code>
        </details>
      )}
    </div>
  );
}
