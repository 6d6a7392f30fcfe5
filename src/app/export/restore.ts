/**
 * Putting a run file (runFile.ts) back on screen, and building one from the runs on screen. A restored run
 * is shown as it was computed — statistics, summary and final samples from the file, nothing re-run — so
 * its numbers are the file's even on another backend. The file keeps the final samples only, so the canvas
 * shows particles at the end and the charts every step. Editing anything afterwards runs as usual.
 */
import type { Lane } from '../../engine/messages';
import { displayFrame, displayFrameCount, pushFrame, resetFrames, setFinal } from '../frameBuffer';
import { getEngine, laneSessions, nextId } from '../runControl';
import { emptyLane, useApp } from '../store';
import type { LaneRun } from '../store';
import { writeUrlState } from '../urlState';
import { buildRunFile } from '../../view/runFile';
import type { RunFile } from '../../view/runFile';

function toFloat32(samples: Array<[number, number]>): Float32Array {
  const out = new Float32Array(samples.length * 2);
  samples.forEach(([x, y], i) => {
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}

/** The finished runs on screen as a run file; null while a lane is still computing or has no result. */
export function currentRunFile(): RunFile | null {
  const s = useApp.getState();
  const lanes: Lane[] = s.compare ? ['a', 'b'] : ['a'];
  const runs = [];
  for (const lane of lanes) {
    const r = laneSessions[lane].run;
    if (r.status !== 'done' || !r.summary || !r.scenario) return null;
    const samples = displayFrame(lane, displayFrameCount(lane) - 1);
    if (!samples) return null;
    const genealogy = r.genealogy ? { steps: r.genealogy.steps, ancestors: r.genealogy.ancestors.map((a) => Array.from(a)) } : undefined;
    runs.push({ lane, scenario: r.scenario, backend: r.summary.backend, exact: r.exact, steps: r.stats, summary: r.summary, samples, ...(genealogy ? { genealogy } : {}) });
  }
  const a = laneSessions.a.run.scenario!;
  return buildRunFile(a, s.compare ? laneSessions.b.run.scenario!.sampler : null, runs);
}

/** Replaces the runs on screen with the file's: stops what is computing, and writes the scenario into the link. */
export function restoreRunFile(file: RunFile, fileName: string): void {
  const s = useApp.getState();
  const engine = getEngine();
  for (const lane of ['a', 'b'] as const) {
    const r = laneSessions[lane].run;
    if (r.runId >= 0 && (r.status === 'starting' || r.status === 'running')) engine?.send({ type: 'cancel', runId: r.runId });
  }
  const lanes: Record<Lane, LaneRun> = { a: emptyLane(), b: emptyLane() };
  resetFrames('b', -1);
  for (const run of file.runs) {
    const runId = nextId();
    resetFrames(run.lane, runId);
    // No positions were kept per step: empty frames keep the step count (the charts' scrubbing) honest.
    for (let i = 0; i < run.steps.length; i++) pushFrame(run.lane, runId, new Float32Array(0));
    setFinal(run.lane, runId, toFloat32(run.samples));
    lanes[run.lane] = {
      runId,
      status: 'done',
      scenario: run.scenario,
      exact: run.exact,
      stats: run.steps,
      msPerStep: run.summary.msPerStep,
      summary: run.summary,
      error: null,
      backend: null,
      failedBehind: null,
      genealogy: run.genealogy ? { steps: run.genealogy.steps, ancestors: run.genealogy.ancestors.map((a) => Int32Array.from(a)) } : null,
      frameCount: displayFrameCount(run.lane),
      stoppedByUser: false,
    };
  }
  const compare = file.compare !== null && file.runs.some((r) => r.lane === 'b');
  for (const lane of ['a', 'b'] as const) laneSessions[lane].adopt(lanes[lane]);
  useApp.setState({
    scenario: file.scenario,
    compare,
    compareSampler: file.compare ?? s.compareSampler,
    problems: [],
    runPending: false,
    cursor: file.scenario.steps,
    playing: false,
    runFile: { ok: true, message: `Restored the run from ${fileName} (computed on ${file.runs[0].summary.backend}); change anything to run it live.` },
  });
  history.replaceState(null, '', writeUrlState(file.scenario, compare ? file.compare : null));
}
