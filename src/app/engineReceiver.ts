/**
 * Everything the engine sends lands here and is applied to the store. Messages of a run that is no longer
 * a lane's current run are dropped (updateLane), so a run replaced mid-way can never paint a stale frame.
 */
import type { FromEngine } from '../engine/messages';
import { BACKEND_LABEL } from '../engine/messages';
import type { Scenario } from '../core/scenario';
import { cacheBackend } from './backendCache';
import { momentsOfPoints, viewForMoments } from './draw/view';
import { displayFrameCount, pushFrame, setFinal } from './frameBuffer';
import { changed, resolveFormulaCheck, runNow } from './runControl';
import { setData, updateLane, useApp } from './store';
import type { TrainingState } from './store';

function updateTraining(trainId: number, patch: Partial<TrainingState>): void {
  const t = useApp.getState().data.training;
  if (t.trainId === trainId) setData({ training: { ...t, ...patch } });
}

function receiveTraining(m: Extract<FromEngine, { type: 'train-progress' | 'train-done' | 'train-error' | 'train-cancelled' }>): void {
  const t = useApp.getState().data.training;
  if (m.type === 'train-progress') updateTraining(m.trainId, { step: m.step, losses: [...t.losses, [m.step, m.loss]] });
  else if (m.type === 'train-error') updateTraining(m.trainId, { status: 'error', error: m.problem });
  else if (m.type === 'train-cancelled') updateTraining(m.trainId, { status: 'cancelled' });
  else {
    if (t.trainId !== m.trainId) return;
    updateTraining(m.trainId, { status: 'done', step: m.steps, modelName: m.name, ms: m.ms });
    const state = useApp.getState();
    const learned = state.learned.filter((e) => e.name !== m.name);
    const label = `Your data (${state.data.source ?? 'drawn'})`;
    const points = state.data.points;
    const moments = points ? momentsOfPoints(points) : null;
    useApp.setState({
      learned: [...learned, { name: m.name, label, local: true }],
      ...(points && moments
        ? {
            learnedViews: { ...state.learnedViews, [m.name]: viewForMoments(moments.mean, moments.cov) },
            learnedData: { ...state.learnedData, [m.name]: points },
          }
        : {}),
    });
    changed({ scenario: { ...useApp.getState().scenario, model: { kind: 'mlp', name: m.name } } });
  }
}

type FrameMessage = Extract<FromEngine, { type: 'frame' }>;
let pendingFrames: FrameMessage[] = [];
let flushScheduled = false;

/**
 * Step statistics reach the store at most once per animation frame: a fast backend sends hundreds of
 * frames a second, and one store update (one React render) per frame would swamp the main thread.
 */
function queueFrame(m: FrameMessage): void {
  pendingFrames.push(m);
  if (!flushScheduled) {
    flushScheduled = true;
    requestAnimationFrame(flushFrames);
  }
}

function flushFrames(): void {
  flushScheduled = false;
  if (pendingFrames.length === 0) return;
  const frames = pendingFrames;
  pendingFrames = [];
  for (const lane of ['a', 'b'] as const) {
    const mine = frames.filter((f) => f.lane === lane);
    if (mine.length === 0) continue;
    const last = mine[mine.length - 1];
    const stats = mine.filter((f) => f.runId === last.runId).map((f) => f.stats);
    updateLane(lane, last.runId, (l) => ({ stats: [...l.stats, ...stats], msPerStep: last.msPerStep, frameCount: displayFrameCount(lane) }));
  }
}

export function receive(m: FromEngine): void {
  // Everything else must see the frames that came before it.
  if (m.type !== 'frame') flushFrames();
  switch (m.type) {
    case 'backend': {
      const s = useApp.getState();
      if (m.cacheable) cacheBackend(m.backend);
      const notice = m.fallbackFrom ? `${BACKEND_LABEL[m.fallbackFrom]}: ${m.reason}. Your scenario was kept and re-run.` : s.backend.notice;
      useApp.setState({ backend: { current: m.backend, reason: m.reason, probing: false, probe: m.probe ?? s.backend.probe, notice } });
      // The engine stopped every run to change the backend under it: run the same scenario again.
      if (m.runsStopped) runNow();
      return;
    }
    case 'probing':
      useApp.setState({ backend: { ...useApp.getState().backend, probing: true } });
      return;
    case 'run-start':
      updateLane(m.lane, m.runId, () => ({ status: 'running', scenario: m.scenario as Scenario, exact: m.exact, backend: m.backend }));
      return;
    case 'frame':
      if (m.positions) pushFrame(m.lane, m.runId, m.positions);
      queueFrame(m);
      return;
    case 'run-done':
      setFinal(m.lane, m.runId, m.samples);
      updateLane(m.lane, m.runId, () => ({ status: 'done', summary: m.summary, frameCount: displayFrameCount(m.lane) }));
      return;
    case 'run-error':
      updateLane(m.lane, m.runId, () => ({ status: 'error', error: { field: m.field, problem: m.problem } }));
      return;
    case 'run-cancelled':
      updateLane(m.lane, m.runId, () => ({ status: 'cancelled' }));
      return;
    case 'formula-check': {
      resolveFormulaCheck(m.checkId, m.ok ? { ok: true } : { ok: false, message: m.message, position: m.position });
      return;
    }
    case 'idle':
      useApp.setState({ liveTensors: m.liveTensors });
      return;
    case 'train-progress':
    case 'train-done':
    case 'train-error':
    case 'train-cancelled':
      receiveTraining(m);
      return;
  }
}
