/**
 * Everything the engine sends lands here. A lane's run messages go to that lane's session
 * (src/view/session/LaneSession.ts), which drops the messages of a run that is no longer the lane's current
 * one, so a run replaced mid-way can never paint a stale frame; the rest (backend, formula checks, training,
 * the engine's tensor count) is applied to the page store.
 */
import type { FromEngine } from '../engine/messages';
import { BACKEND_LABEL } from '../engine/messages';
import { cacheBackend } from './backendCache';
import { markParticlesPainted } from './firstPaint';
import { momentsOfPoints, viewForMoments } from '../view/draw/view';
import { changed, laneSessions, LANES, resolveFormulaCheck, runNow } from './runControl';
import { setData, useApp } from './store';
import type { TrainingState } from './store';
import { replaceMissingModel } from './storage/missingModel';
import { onModelSaved } from './storage/savedWork';

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

export function receive(m: FromEngine): void {
  // Everything else must see the step statistics that came before it (the sessions queue them per frame).
  if (m.type !== 'frame') for (const lane of LANES) laneSessions[lane].flush();
  switch (m.type) {
    case 'backend': {
      const s = useApp.getState();
      if (m.cacheable) cacheBackend(m.backend);
      const notice = m.fallbackFrom ? `${BACKEND_LABEL[m.fallbackFrom]}: ${m.reason}. Your scenario was kept and re-run.` : s.backend.notice;
      useApp.setState({ backend: { current: m.backend, reason: m.reason, probing: false, probe: m.probe ?? s.backend.probe, threads: m.threads ?? null, notice } });
      // The engine stopped every run to change the backend under it: run the same scenario again.
      if (m.runsStopped) runNow();
      return;
    }
    case 'probing':
      useApp.setState({ backend: { ...useApp.getState().backend, probing: true } });
      return;
    case 'run-error':
      // A failed run paints no particles: load the rest of the page (the controls the user needs to fix it) now.
      markParticlesPainted();
      // A link naming a model this browser lacks: the default model runs instead (storage/missingModel.ts).
      if (m.lane === 'a' && replaceMissingModel(m)) return;
      laneSessions[m.lane].receive(m);
      return;
    case 'run-start':
    case 'frame':
    case 'run-done':
    case 'run-cancelled':
      laneSessions[m.lane].receive(m);
      return;
    case 'formula-check': {
      resolveFormulaCheck(m.checkId, m.ok ? { ok: true } : { ok: false, message: m.message, position: m.position });
      return;
    }
    case 'idle':
      useApp.setState({ liveTensors: m.liveTensors });
      return;
    case 'model-saved':
      onModelSaved(m);
      return;
    case 'train-progress':
    case 'train-done':
    case 'train-error':
    case 'train-cancelled':
      receiveTraining(m);
      return;
  }
}
