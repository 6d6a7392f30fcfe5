/**
 * What the user does, as functions the components call: edit the scenario, play and scrub, pick a backend,
 * place the reward's target, and bring data and train on it.
 */
import { USER_POINT_LIMITS } from '../core/datasets/userPoints';
import type { Scenario, SamplerSpec } from '../core/scenario';
import type { BackendName } from '../engine/messages';
import { cacheBackend } from './backendCache';
import { parsePointsCsv } from './csv';
import { changed, getEngine, nextId, shownFrames, shownRunsFinished } from './runControl';
import { setData, useApp } from './store';

/** The data-set size the trainer accepts (core/datasets/userPoints.ts). */
export const MIN_TRAIN_POINTS = USER_POINT_LIMITS.min;

export const actions = {
  updateScenario(update: (s: Scenario) => Scenario): void {
    changed({ scenario: update(useApp.getState().scenario) });
  },
  setSampler(sampler: SamplerSpec): void {
    changed({ scenario: { ...useApp.getState().scenario, sampler } });
  },
  setCompareSampler(sampler: SamplerSpec): void {
    changed({ compareSampler: sampler });
  },
  setCompare(compare: boolean): void {
    changed({ compare });
  },
  play(): void {
    const s = useApp.getState();
    const end = Math.max(0, shownFrames(s) - 1);
    useApp.setState({ playing: true, cursor: s.cursor >= end && shownRunsFinished(s) ? 0 : s.cursor });
  },
  pause(): void {
    useApp.setState({ playing: false });
  },
  step(delta: number): void {
    const s = useApp.getState();
    const end = Math.max(0, shownFrames(s) - 1);
    useApp.setState({ playing: false, cursor: Math.min(end, Math.max(0, s.cursor + delta)) });
  },
  scrub(index: number): void {
    useApp.setState({ playing: false, cursor: index });
  },
  toggleTrails(): void {
    useApp.setState({ trails: !useApp.getState().trails });
  },
  chooseBackend(choice: BackendName | 'auto'): void {
    const engine = getEngine();
    if (!engine) return;
    useApp.setState({ backend: { ...useApp.getState().backend, notice: null } });
    if (choice === 'auto') {
      cacheBackend(null);
      engine.send({ type: 'probe' });
    } else engine.send({ type: 'set-backend', backend: choice });
  },
  loseDevice(): void {
    getEngine()?.send({ type: 'lose-device' });
  },
  /**
   * A canvas click outside drawing mode: moves the quadratic reward's target point c. Any other reward is left as it
   * is (the reward panel offers a labelled switch to a target point instead).
   */
  placeTarget(c: [number, number]): void {
    if (useApp.getState().scenario.reward.kind !== 'quadratic') return;
    actions.updateScenario((s) => (s.reward.kind === 'quadratic' ? { ...s, reward: { ...s.reward, c } } : s));
  },
  setDrawing(drawing: boolean): void {
    setData({ drawing });
  },
  addDataPoint(p: [number, number]): void {
    const old = useApp.getState().data.points;
    if (old && old.length / 2 >= USER_POINT_LIMITS.max) {
      setData({ csvError: `at most ${USER_POINT_LIMITS.max} points can be trained on` });
      return;
    }
    const points = new Float32Array((old?.length ?? 0) + 2);
    if (old) points.set(old);
    points.set(p, points.length - 2);
    setData({ points, source: 'drawn on the canvas', csvError: null });
  },
  clearData(): void {
    setData({ points: null, source: null, csvError: null });
  },
  /** Replaces the data with a CSV's points, or reports the first bad line and keeps the current data. */
  loadCsv(text: string, fileName: string): void {
    const parsed = parsePointsCsv(text);
    if (!parsed.ok) setData({ csvError: `${fileName}, line ${parsed.line}: ${parsed.problem}` });
    else setData({ points: parsed.points, source: fileName, csvError: null, drawing: false });
  },
  train(steps: number): void {
    const { data } = useApp.getState();
    const engine = getEngine();
    if (!engine || !data.points || data.points.length < 2 * MIN_TRAIN_POINTS) return;
    const trainId = nextId();
    const name = `my-data-${trainId}`;
    const points = new Float32Array(data.points);
    setData({ drawing: false, training: { trainId, status: 'training', step: 0, steps, losses: [], error: null, modelName: null, ms: null } });
    engine.send({ type: 'train', trainId, name, label: `Your data (${data.source ?? 'drawn'})`, points, steps }, [points.buffer]);
  },
  cancelTraining(): void {
    const t = useApp.getState().data.training;
    if (t.status === 'training') getEngine()?.send({ type: 'cancel-train', trainId: t.trainId });
  },
  dismissNotice(): void {
    useApp.setState({ backend: { ...useApp.getState().backend, notice: null } });
  },
  dismissLinkProblems(): void {
    useApp.setState({ linkProblems: [] });
  },
};
