/**
 * The one store of the page (zustand). It holds the scenario being edited, the state of each lane's run,
 * the playback cursor and the backend; components read slices of it. It also owns the engine worker: every
 * engine message lands in `receive`, which drops frames of runs that are no longer current, so a run
 * replaced mid-way can never paint a stale frame.
 */
import { create } from 'zustand';
import { USER_POINT_LIMITS } from '../core/datasets/userPoints';
import { validateScenario } from '../core/scenario';
import type { Scenario, ScenarioProblem, SamplerSpec } from '../core/scenario';
import type { StepStats } from '../core/types';
import type { EngineClient } from '../engine/client';
import { startingScenarioInput } from '../engine/startScenario';
import { cacheBackend } from './backendCache';
import type { BackendName, ExactTargetInfo, FromEngine, Lane, ProbeEntry, RunSummary } from '../engine/messages';
import { BACKEND_LABEL } from '../engine/messages';
import { parsePointsCsv } from './csv';
import { viewForMoments, momentsOfPoints } from './draw/view';
import type { View } from './draw/view';
import { fetchModelMoments, fetchShippedModels } from './learnedModels';
import type { LearnedModelEntry } from './learnedModels';
import { displayFrameCount, pushFrame, resetFrames, setFinal } from './frameBuffer';
import { SAMPLER_DEFAULTS } from './presets';

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
  /** Display frames available in frameBuffer (steps, plus the final samples once done). */
  frameCount: number;
}

export interface BackendState {
  current: BackendName | null;
  reason: string;
  probing: boolean;
  probe: ProbeEntry[] | null;
  /** A message the user should see, e.g. a lost GPU device and where the app went. */
  notice: string | null;
}

export interface TrainingState {
  trainId: number;
  status: 'idle' | 'training' | 'done' | 'error' | 'cancelled';
  step: number;
  steps: number;
  /** [step, loss] pairs as reported (every few steps). */
  losses: Array<[number, number]>;
  error: string | null;
  /** The model the last successful training produced. */
  modelName: string | null;
  ms: number | null;
}

export interface DataState {
  /** Canvas clicks add data points instead of moving the reward target. */
  drawing: boolean;
  /** The user's data set (N×2 interleaved), drawn or loaded from a CSV. */
  points: Float32Array | null;
  source: string | null;
  /** The last CSV problem (line number and what is wrong); the current data are kept. */
  csvError: string | null;
  training: TrainingState;
}

export interface AppState {
  scenario: Scenario;
  compare: boolean;
  compareSampler: SamplerSpec;
  /** Problems of the scenario as edited; while there are any, nothing runs and the last good run stays. */
  problems: ScenarioProblem[];
  /** Problems of the link the page was opened with (it then falls back to the default scenario). */
  linkProblems: ScenarioProblem[];
  lanes: Record<Lane, LaneRun>;
  cursor: number;
  playing: boolean;
  trails: boolean;
  backend: BackendState;
  liveTensors: number | null;
  engineCrash: string | null;
  /** Learned models to offer: shipped (public/models/index.json) and trained in this page. */
  learned: LearnedModelEntry[];
  /** Canvas windows for learned models (from their data moments), by model name. */
  learnedViews: Record<string, View>;
  /** The points a model trained in this page learned from (drawn faintly under its particles). */
  learnedData: Record<string, Float32Array>;
  data: DataState;
}

function emptyLane(): LaneRun {
  return { runId: -1, status: 'idle', scenario: null, exact: null, stats: [], msPerStep: null, summary: null, error: null, backend: null, frameCount: 0 };
}

/** The scenario the page opens with (engine/startScenario.ts), validated. */
export function startingScenario(): Scenario {
  const v = validateScenario(startingScenarioInput());
  if (!v.ok) throw new Error(`the default scenario does not validate: ${v.problems[0].field}: ${v.problems[0].problem}`);
  return v.scenario;
}

export const useApp = create<AppState>()(() => ({
  scenario: startingScenario(),
  compare: false,
  compareSampler: SAMPLER_DEFAULTS.smc,
  problems: [],
  linkProblems: [],
  lanes: { a: emptyLane(), b: emptyLane() },
  cursor: 0,
  playing: false,
  trails: false,
  backend: { current: null, reason: '', probing: false, probe: null, notice: null },
  liveTensors: null,
  engineCrash: null,
  learned: [],
  learnedViews: {},
  learnedData: {},
  data: {
    drawing: false,
    points: null,
    source: null,
    csvError: null,
    training: { trainId: -1, status: 'idle', step: 0, steps: 0, losses: [], error: null, modelName: null, ms: null },
  },
}));

let engine: EngineClient | null = null;
let nextRunId = 1;
let runTimer: ReturnType<typeof setTimeout> | null = null;
let onScenarioChange: (s: AppState) => void = () => {};

/** Starts the engine and the first run. `onChange` is told of every scenario change (the URL writer). */
export function startApp(options: {
  engine: EngineClient;
  /** A run the entry module already started for this scenario in lane a, or null to start afresh. */
  adoptRun: number | null;
  scenario: Scenario;
  compare: SamplerSpec | null;
  linkProblems: ScenarioProblem[];
  modelsBaseUrl: string;
  onChange: (s: AppState) => void;
}): void {
  onScenarioChange = options.onChange;
  useApp.setState({
    scenario: options.scenario,
    compare: options.compare !== null,
    compareSampler: options.compare ?? SAMPLER_DEFAULTS.smc,
    linkProblems: options.linkProblems,
  });
  modelsBase = options.modelsBaseUrl;
  if (options.scenario.model.kind === 'mlp') ensureLearnedView(options.scenario.model.name);
  engine = options.engine;
  engine.onCrash((problem) => useApp.setState({ engineCrash: problem }));
  if (options.adoptRun !== null) {
    nextRunId = Math.max(nextRunId, options.adoptRun + 1);
    resetFrames('a', options.adoptRun, options.scenario.particles, options.scenario.steps);
    useApp.setState({ lanes: { a: { ...emptyLane(), runId: options.adoptRun, status: 'starting' }, b: emptyLane() }, cursor: 0, playing: true });
  }
  // Subscribing hands over what the engine sent before the app loaded (the adopted run's first frames).
  engine.subscribe(receive);
  if (options.adoptRun === null) runNow();
  void fetchShippedModels(options.modelsBaseUrl).then((shipped) => {
    const local = useApp.getState().learned.filter((m) => m.local);
    useApp.setState({ learned: [...shipped, ...local] });
  });
}

function laneScenario(s: AppState, lane: Lane): unknown {
  return lane === 'a' ? s.scenario : { ...s.scenario, sampler: s.compareSampler };
}

function problemsOf(s: AppState): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const a = validateScenario(laneScenario(s, 'a'));
  if (!a.ok) problems.push(...a.problems);
  if (s.compare) {
    const b = validateScenario(laneScenario(s, 'b'));
    if (!b.ok) problems.push(...b.problems.map((p) => ({ field: p.field.replace(/^sampler/, 'compare'), problem: p.problem })));
  }
  return problems;
}

/** Validates the edited scenario and, if it is good, replaces the running runs with new ones. */
export function runNow(): void {
  if (runTimer) clearTimeout(runTimer);
  runTimer = null;
  const s = useApp.getState();
  const problems = problemsOf(s);
  useApp.setState({ problems });
  if (problems.length > 0 || !engine) return;
  const lanes: Lane[] = s.compare ? ['a', 'b'] : ['a'];
  const next = { ...s.lanes };
  for (const lane of lanes) {
    const runId = nextRunId++;
    resetFrames(lane, runId, s.scenario.particles, s.scenario.steps);
    next[lane] = { ...emptyLane(), runId, status: 'starting' };
    engine.send({ type: 'run', lane, runId, scenario: laneScenario(s, lane) });
  }
  if (!s.compare && s.lanes.b.runId >= 0) {
    engine.send({ type: 'cancel', runId: s.lanes.b.runId });
    resetFrames('b', -1);
    next.b = emptyLane();
  }
  useApp.setState({ lanes: next, cursor: 0, playing: true });
}

/** Re-runs shortly after the last change, so that dragging a slider does not start a run per pixel. */
function runSoon(): void {
  if (runTimer) clearTimeout(runTimer);
  runTimer = setTimeout(runNow, 120);
}

function changed(patch: Partial<AppState>): void {
  useApp.setState(patch);
  const s = useApp.getState();
  if (s.scenario.model.kind === 'mlp') ensureLearnedView(s.scenario.model.name);
  onScenarioChange(s);
  runSoon();
}

let modelsBase = '';
const viewRequests = new Set<string>();

/** Fetches a shipped model's data moments once, for its canvas window. */
function ensureLearnedView(name: string): void {
  if (useApp.getState().learnedViews[name] || viewRequests.has(name)) return;
  viewRequests.add(name);
  void fetchModelMoments(modelsBase, name).then((m) => {
    if (m) useApp.setState({ learnedViews: { ...useApp.getState().learnedViews, [name]: viewForMoments(m.mean, m.cov) } });
  });
}

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
  /** Shows problems found outside the schema (e.g. a formula being typed) without touching the scenario. */
  setDraftProblems(field: string, problems: ScenarioProblem[]): void {
    const others = useApp.getState().problems.filter((p) => !p.field.startsWith(field));
    useApp.setState({ problems: [...others, ...problems] });
  },
  play(): void {
    const s = useApp.getState();
    const end = Math.max(0, maxFrames(s) - 1);
    useApp.setState({ playing: true, cursor: s.cursor >= end && runsFinished(s) ? 0 : s.cursor });
  },
  pause(): void {
    useApp.setState({ playing: false });
  },
  step(delta: number): void {
    const s = useApp.getState();
    const end = Math.max(0, maxFrames(s) - 1);
    useApp.setState({ playing: false, cursor: Math.min(end, Math.max(0, s.cursor + delta)) });
  },
  scrub(index: number): void {
    useApp.setState({ playing: false, cursor: index });
  },
  toggleTrails(): void {
    useApp.setState({ trails: !useApp.getState().trails });
  },
  chooseBackend(choice: BackendName | 'auto'): void {
    if (!engine) return;
    useApp.setState({ backend: { ...useApp.getState().backend, notice: null } });
    if (choice === 'auto') {
      cacheBackend(null);
      engine.send({ type: 'probe' });
    } else engine.send({ type: 'set-backend', backend: choice });
  },
  loseDevice(): void {
    engine?.send({ type: 'lose-device' });
  },
  /** A canvas click outside drawing mode: make the reward quadratic around that point (or move its centre). */
  placeTarget(c: [number, number]): void {
    actions.updateScenario((s) => ({
      ...s,
      reward:
        s.reward.kind === 'quadratic'
          ? { ...s.reward, c }
          : {
              kind: 'quadratic',
              A: [
                [2, 0],
                [0, 2],
              ],
              c,
            },
    }));
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
    if (!engine || !data.points || data.points.length < 2 * MIN_TRAIN_POINTS) return;
    const trainId = nextRunId++;
    const name = `my-data-${trainId}`;
    const points = new Float32Array(data.points);
    setData({ drawing: false, training: { trainId, status: 'training', step: 0, steps, losses: [], error: null, modelName: null, ms: null } });
    engine.send({ type: 'train', trainId, name, points, steps }, [points.buffer]);
  },
  cancelTraining(): void {
    const t = useApp.getState().data.training;
    if (t.status === 'training') engine?.send({ type: 'cancel-train', trainId: t.trainId });
  },
  dismissNotice(): void {
    useApp.setState({ backend: { ...useApp.getState().backend, notice: null } });
  },
  engine(): EngineClient | null {
    return engine;
  },
};

export function maxFrames(s: AppState): number {
  return s.compare ? Math.max(s.lanes.a.frameCount, s.lanes.b.frameCount) : s.lanes.a.frameCount;
}

export function runsFinished(s: AppState): boolean {
  const lanes: Lane[] = s.compare ? ['a', 'b'] : ['a'];
  return lanes.every((l) => s.lanes[l].status !== 'starting' && s.lanes[l].status !== 'running');
}

export type FormulaCheckResult = { ok: true } | { ok: false; message: string; position: number };
const pendingChecks = new Map<number, (r: FormulaCheckResult) => void>();
let nextCheckId = 1;

/** Asks the engine whether a formula parses (1-based error position when it does not). */
export function checkFormula(expr: string): Promise<FormulaCheckResult> {
  return new Promise((resolve) => {
    if (!engine) return resolve({ ok: true });
    const checkId = nextCheckId++;
    pendingChecks.set(checkId, resolve);
    engine.send({ type: 'check-formula', checkId, expr });
  });
}

/** The data-set size the trainer accepts (core/datasets/userPoints.ts). */
export const MIN_TRAIN_POINTS = USER_POINT_LIMITS.min;

function setData(patch: Partial<DataState>): void {
  useApp.setState({ data: { ...useApp.getState().data, ...patch } });
}

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
    actions.updateScenario((s) => ({ ...s, model: { kind: 'mlp', name: m.name } }));
  }
}

function updateLane(lane: Lane, runId: number, update: (l: LaneRun) => Partial<LaneRun>): void {
  const s = useApp.getState();
  const current = s.lanes[lane];
  if (current.runId !== runId) return; // a frame of a replaced run: drop it
  useApp.setState({ lanes: { ...s.lanes, [lane]: { ...current, ...update(current) } } });
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

function receive(m: FromEngine): void {
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
      const resolve = pendingChecks.get(m.checkId);
      pendingChecks.delete(m.checkId);
      resolve?.(m.ok ? { ok: true } : { ok: false, message: m.message, position: m.position });
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
