/**
 * Runs and the engine: holds the engine handle, validates the edited scenario, starts (or adopts) runs in
 * each lane, re-runs shortly after a change, and keeps the URL and the learned models' windows in step with
 * the scenario. Formula checks go to the engine too (the parser lives with tfjs in the worker).
 */
import { validateScenario } from '../core/scenario';
import type { Scenario, ScenarioProblem, SamplerSpec } from '../core/scenario';
import type { EngineClient } from '../engine/client';
import type { FromEngine, Lane } from '../engine/messages';
import { viewForMoments } from './draw/view';
import { resetFrames } from './frameBuffer';
import { fetchModelMoments, fetchShippedModels } from './learnedModels';
import { samplerSpecOf } from '../core/scenario';
import { emptyLane, useApp } from './store';
import type { AppState } from './store';

let engine: EngineClient | null = null;
let nextRunId = 1;
let runTimer: ReturnType<typeof setTimeout> | null = null;
let onScenarioChange: (s: AppState) => void = () => {};
let modelsBase = '';
const viewRequests = new Set<string>();

export function getEngine(): EngineClient | null {
  return engine;
}

/** Ids for runs and trainings: increasing, never reused. */
export function nextId(): number {
  return nextRunId++;
}

/** Starts the engine and the first run. `onChange` is told of every scenario change (the URL writer). */
export function startApp(options: {
  engine: EngineClient;
  /** Where engine messages go (engineReceiver.receive). */
  receive: (message: FromEngine) => void;
  /**
   * The run the entry module started in lane a before the app loaded: adopted when it runs this scenario,
   * otherwise replaced (its id is never reused, so none of its messages can be taken for the new run's).
   */
  openingRun: { id: number; adopt: boolean };
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
    compareSampler: options.compare ?? samplerSpecOf('smc').defaults,
    linkProblems: options.linkProblems,
  });
  modelsBase = options.modelsBaseUrl;
  if (options.scenario.model.kind === 'mlp') ensureLearnedView(options.scenario.model.name);
  engine = options.engine;
  engine.onCrash((problem) => useApp.setState({ engineCrash: problem }));
  const opening = options.openingRun;
  nextRunId = Math.max(nextRunId, opening.id + 1);
  if (opening.adopt) {
    resetFrames('a', opening.id, options.scenario.particles, options.scenario.steps);
    useApp.setState({ lanes: { a: { ...emptyLane(), runId: opening.id, status: 'starting' }, b: emptyLane() }, cursor: 0, playing: true });
  }
  // Subscribing hands over what the engine sent before the app loaded (the adopted run's first frames).
  engine.subscribe(options.receive);
  if (!opening.adopt) runNow();
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
  useApp.setState({ problems, runPending: false });
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
  if (!useApp.getState().runPending) useApp.setState({ runPending: true });
}

/** Applies a change of the scenario (or compare settings), writes the URL and re-runs soon. */
export function changed(patch: Partial<AppState>): void {
  useApp.setState(patch);
  const s = useApp.getState();
  if (s.scenario.model.kind === 'mlp') ensureLearnedView(s.scenario.model.name);
  onScenarioChange(s);
  runSoon();
}

/** Fetches a shipped model's data moments once, for its canvas window. */
function ensureLearnedView(name: string): void {
  if (useApp.getState().learnedViews[name] || viewRequests.has(name)) return;
  viewRequests.add(name);
  void fetchModelMoments(modelsBase, name).then((m) => {
    if (m) useApp.setState({ learnedViews: { ...useApp.getState().learnedViews, [name]: viewForMoments(m.mean, m.cov) } });
  });
}

export type FormulaCheckResult = { ok: true } | { ok: false; message: string; position: number };
const pendingChecks = new Map<number, (r: FormulaCheckResult) => void>();
let nextCheckId = 1;

export function resolveFormulaCheck(checkId: number, result: FormulaCheckResult): void {
  const resolve = pendingChecks.get(checkId);
  pendingChecks.delete(checkId);
  resolve?.(result);
}

/** Asks the engine whether a formula parses (1-based error position when it does not). */
export function checkFormula(expr: string): Promise<FormulaCheckResult> {
  return new Promise((resolve) => {
    if (!engine) return resolve({ ok: true });
    const checkId = nextCheckId++;
    pendingChecks.set(checkId, resolve);
    engine.send({ type: 'check-formula', checkId, expr });
  });
}

