/**
 * The state of one embedded figure: its own zustand store (never the page's app store), in the shape the
 * shared charts read (ChartState), plus the particle frames kept outside the store (they are large and
 * change every step). Every figure on a page has one, so figures never see each other's runs.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../core/scenario';
import type { ChartState } from '../app/components/Charts';
import { emptyLane } from '../app/store';
import type { LaneRun } from '../app/store';

export type FigurePhase = 'preview' | 'live';

export interface FigureState extends ChartState {
  scenario: Scenario;
  /** 'preview' while the cached or fast first run is on screen, 'live' once the full run has started. */
  phase: FigurePhase;
  /** Display frames available: the steps, plus the final samples once the run is done. */
  frameCount: number;
  error: string | null;
  /** The engine's live tensor count after its last run. */
  liveTensors: number | null;
}

export interface FigureFrames {
  steps: Array<Float32Array | null>;
  final: Float32Array | null;
}

export function createFigureStore(scenario: Scenario): StoreApi<FigureState> {
  return createStore<FigureState>()(() => ({
    scenario,
    compare: false,
    lanes: { a: emptyLane(), b: emptyLane() },
    cursor: 0,
    playing: false,
    phase: 'preview',
    frameCount: 0,
    error: null,
    liveTensors: null,
  }));
}

export function patchLane(store: StoreApi<FigureState>, patch: Partial<LaneRun>): void {
  const s = store.getState();
  store.setState({ lanes: { ...s.lanes, a: { ...s.lanes.a, ...patch } } });
}

/** The frame shown at display index `i`: a step's positions (or the nearest earlier one), or the final samples. */
export function frameAt(frames: FigureFrames, i: number): Float32Array | null {
  if (i >= frames.steps.length) return frames.final;
  for (let j = i; j >= 0; j--) {
    const f = frames.steps[j];
    if (f) return f;
  }
  return null;
}
