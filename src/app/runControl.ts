/**
 * Runs and the engine: holds the engine handle and the page's two lane sessions (src/view/session: lane a, and
 * lane b in compare mode — one engine and one playback clock between them), validates the edited scenario,
 * starts (or adopts) runs in each lane, re-runs shortly after a change, and keeps the URL and the learned
 * models' windows in step with the scenario. Live formula checks go to the engine (the box asks while typing);
 * a whole scenario is validated here, with every descriptor's check. Components read a lane's run with useLane.
 */
import { useStore } from 'zustand';
import { validateScenario } from '../core/scenario';
import type { Scenario, ScenarioProblem, SamplerSpec } from '../core/scenario';
import type { EngineClient } from '../engine/client';
import type { FromEngine, Lane } from '../engine/messages';
import { derivedSource } from '../view/charts/source';
import type { ChartSource, ChartState } from '../view/charts/source';
import { viewForMoments } from '../view/draw/view';
import { LaneSession } from '../view/session/LaneSession';
import type { EngineLink } from '../view/session/LaneSession';
import { isComputing, showsFinished } from '../view/session/laneRun';
import type { LaneRun } from '../view/session/laneRun';
import { PlayerClock } from '../view/session/PlayerClock';
import { RedrawLoop } from '../view/session/RedrawLoop';
import { fetchModelMoments, fetchShippedModels } from './learnedModels';
import { samplerSpecOf } from '../core/scenario';
import { useApp } from './store';
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

/** The page's animation loop: the stats flush, the playback clock and every canvas, on a dirty flag. */
export const redrawLoop = new RedrawLoop();

/** The sessions send through whatever engine the page has (set by startApp). */
const engineLink: EngineLink = { send: (message, transfer) => engine?.send(message, transfer) };
/** Both lanes show one cursor (compare mode overlays them), so they play on one clock. */
const clock = new PlayerClock();

export const LANES: readonly Lane[] = ['a', 'b'];

/** The page's lanes: one session each (its run store, its frames), sharing the engine and the clock. */
export const laneSessions: Record<Lane, LaneSession> = {
  a: new LaneSession({ engine: engineLink, lane: 'a', clock, requestFlush: () => redrawLoop.invalidate(), onHeldSettled: () => heldSettled() }),
  b: new LaneSession({ engine: engineLink, lane: 'b', clock, requestFlush: () => redrawLoop.invalidate(), onHeldSettled: () => heldSettled() }),
};

/**
 * A run that replaced a finished one after an edit (runNow with `hold`) has finished: once no shown lane still
 * holds, the picture, the charts and the summary are the new runs', shown at their final step (Play replays them).
 */
function heldSettled(): void {
  const s = useApp.getState();
  if (shownLanes(s).some((l) => laneSessions[l].holding)) return;
  useApp.setState({ cursor: Math.max(0, shownFrames(s) - 1), playing: false, runPending: false });
  redrawLoop.invalidate();
}

/** The lanes on screen: a, and b in compare mode. */
export function shownLanes(s: Pick<AppState, 'compare'> = useApp.getState()): Lane[] {
  return s.compare ? ['a', 'b'] : ['a'];
}

/** Display frames of the lanes on screen (the longer one in compare mode): the cursor stays below this. */
export function shownFrames(s: Pick<AppState, 'compare'> = useApp.getState()): number {
  return Math.max(0, ...shownLanes(s).map((l) => laneSessions[l].run.frameCount));
}

/** No lane on screen is still computing. */
export function shownRunsFinished(s: Pick<AppState, 'compare'> = useApp.getState()): boolean {
  return shownLanes(s).every((l) => !isComputing(laneSessions[l].run));
}

/** A lane's run (or a slice of it) in a component. */
export function useLane<T>(lane: Lane, select: (run: LaneRun) => T): T {
  return useStore(laneSessions[lane].store, select);
}

/** Changes the lanes' sessions, then applies `patch` to the page store in one update that also counts a new run epoch. */
function changeLanes(change: () => void, patch: Partial<AppState>): void {
  change();
  useApp.setState({ ...patch, runEpoch: useApp.getState().runEpoch + 1 });
}

/** What the charts read on the page: the lanes' runs from their sessions, cursor and compare mode from the page store. */
export const pageChartSource: ChartSource = derivedSource<ChartState>([useApp, laneSessions.a.store, laneSessions.b.store], () => {
  const s = useApp.getState();
  const a = laneSessions.a.run;
  return { compare: s.compare, a, b: laneSessions.b.run, cursor: s.cursor, playing: s.playing, steps: a.scenario?.steps ?? s.scenario.steps };
});

/** Ids for runs and trainings: increasing, never reused. */
export function nextId(): number {
  return nextRunId++;
}

/** Ids from now on are above `id` (models saved on an earlier visit are named after the ids that made them). */
export function reserveIdsThrough(id: number): void {
  nextRunId = Math.max(nextRunId, id + 1);
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
  // Step statistics queued by the sessions are applied at the start of the next animation frame.
  redrawLoop.add(() => {
    for (const lane of LANES) laneSessions[lane].flush();
    return false;
  });
  const opening = options.openingRun;
  nextRunId = Math.max(nextRunId, opening.id + 1);
  if (opening.adopt) {
    changeLanes(() => laneSessions.a.begin(opening.id, options.scenario), { cursor: 0, playing: true });
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

/** The shown lanes' scenarios, validated (every descriptor check runs here, before anything reaches the engine). */
function validateLanes(s: AppState): { problems: ScenarioProblem[]; scenarios: Partial<Record<Lane, Scenario>> } {
  const problems: ScenarioProblem[] = [];
  const scenarios: Partial<Record<Lane, Scenario>> = {};
  for (const lane of shownLanes(s)) {
    const v = validateScenario(laneScenario(s, lane));
    if (v.ok) scenarios[lane] = v.scenario;
    else problems.push(...(lane === 'a' ? v.problems : v.problems.map((p) => ({ field: p.field.replace(/^sampler/, 'compare'), problem: p.problem }))));
  }
  return { problems, scenarios };
}

/**
 * Validates the edited scenario and, if it is good, replaces the running runs with new ones (Run again, a failed
 * engine's restart: they play from the first step). After an edit (startRuns(true), through `changed`)
 * and every shown lane showing a finished run, the finished pictures stay until the new runs have finished and
 * then show those at their last step — a parameter change never restarts the picture from noise; the page reads
 * as pending meanwhile. Otherwise the new runs play from the first step.
 */
export function runNow(): void {
  startRuns(false);
}

/**
 * Stops the runs on screen where they are (the play bar's Stop): what they computed stays on the canvas and in the
 * charts, and an edit waiting to run is dropped. A finished picture with an edit's run computing behind it stays.
 */
export function stopRuns(): void {
  if (runTimer) clearTimeout(runTimer);
  runTimer = null;
  const s = useApp.getState();
  for (const lane of shownLanes(s)) laneSessions[lane].cancel();
  useApp.setState({ runPending: false });
}

function startRuns(holdShown: boolean): void {
  if (runTimer) clearTimeout(runTimer);
  runTimer = null;
  const s = useApp.getState();
  const { problems, scenarios } = validateLanes(s);
  useApp.setState({ problems, runPending: false });
  if (problems.length > 0 || !engine) return;
  const hold = holdShown && shownLanes(s).every((l) => showsFinished(laneSessions[l].run));
  changeLanes(
    () => {
      for (const lane of shownLanes(s)) laneSessions[lane].start(nextRunId++, scenarios[lane]!, s.scenario, hold ? { keepShown: 'until-done' } : {});
      if (!s.compare && laneSessions.b.run.runId >= 0) laneSessions.b.stop();
    },
    hold ? { runPending: true } : { cursor: 0, playing: true },
  );
}

/** Re-runs shortly after the last change, so that dragging a slider does not start a run per pixel. */
function runSoon(): void {
  if (runTimer) clearTimeout(runTimer);
  runTimer = setTimeout(() => startRuns(true), 120);
  if (!useApp.getState().runPending) useApp.setState({ runPending: true });
}

/** Applies a change of the scenario (or compare settings), writes the URL and re-runs soon. */
export function changed(patch: Partial<AppState>): void {
  // An edit makes the scenario the user's own: the notice about the link it came from no longer applies.
  useApp.setState(patch.scenario && useApp.getState().linkProblems.length > 0 ? { ...patch, linkProblems: [] } : patch);
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

