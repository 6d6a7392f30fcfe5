/**
 * The page store (zustand): the scenario being edited, compare mode, the playback cursor, the backend, the
 * user's data, training and fine-tuning, and what the link asked for; components read slices of it. The
 * modules around it change it: runControl (runs and the engine), engineReceiver (what the engine sends),
 * actions (what the user does). Each lane's run lives in its own session (src/view/session, held by
 * runControl, read in components with useLane).
 */
import { create } from 'zustand';
import { validateScenario } from '../core/scenario';
import type { Scenario, ScenarioProblem, SamplerSpec } from '../core/scenario';
import type { BackendName, ProbeEntry } from '../engine/messages';
import type { WasmThreads } from '../engine/wasmThreads';
import { startingScenarioInput } from '../engine/startScenario';
import type { View } from '../view/draw/view';
import { initialHiddenPanels } from './export/hiddenPanels';
import type { PanelId } from './export/hiddenPanels';
import type { LearnedModelEntry } from './learnedModels';
import { INITIAL_FINE_TUNE } from './components/finetune/fineTuneState';
import type { FineTuneState } from './components/finetune/fineTuneState';
import { samplerSpecOf } from '../core/scenario';

export { emptyLane } from '../view/session/laneRun';
export type { LaneRun, RunStatus } from '../view/session/laneRun';

export interface BackendState {
  current: BackendName | null;
  reason: string;
  probing: boolean;
  probe: ProbeEntry[] | null;
  /** WASM's thread pool, while WASM is the backend. */
  threads: WasmThreads | null;
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
  /**
   * Counts the times the page started new runs (runControl): it changes in the same update as the playback patch
   * (cursor, playing), so a subscriber sees a new run and its playback together. The runs themselves live in the
   * lane sessions (runControl.laneSessions, read with useLane).
   */
  runEpoch: number;
  cursor: number;
  playing: boolean;
  trails: boolean;
  backend: BackendState;
  liveTensors: number | null;
  /** A change is waiting for its re-run (the short debounce after an edit). */
  runPending: boolean;
  engineCrash: string | null;
  /** Learned models to offer: shipped (public/models/index.json) and trained in this page. */
  learned: LearnedModelEntry[];
  /** Canvas windows for learned models (from their data moments), by model name. */
  learnedViews: Record<string, View>;
  /** The points a model trained in this page learned from (drawn faintly under its particles). */
  learnedData: Record<string, Float32Array>;
  data: DataState;
  /** The fine-tune panel: the current or last fine-tuning job and its per-update reports. */
  fineTune: FineTuneState;
  /** The last run file read (export/): restored, or why it was refused (the run on screen then stays). */
  runFile: { ok: boolean; message: string } | null;
  /** Panels this link hides (`?hide=`, export/hiddenPanels.ts), and what was wrong with the link's value. */
  hiddenPanels: PanelId[];
  hideProblem: string | null;
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
  compareSampler: samplerSpecOf('smc').defaults,
  problems: [],
  linkProblems: [],
  runEpoch: 0,
  cursor: 0,
  playing: false,
  trails: false,
  backend: { current: null, reason: '', probing: false, probe: null, threads: null, notice: null },
  liveTensors: null,
  runPending: false,
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
  fineTune: INITIAL_FINE_TUNE,
  runFile: null,
  hiddenPanels: initialHiddenPanels().hidden,
  hideProblem: initialHiddenPanels().problem,
}));

export function setData(patch: Partial<DataState>): void {
  useApp.setState({ data: { ...useApp.getState().data, ...patch } });
}

