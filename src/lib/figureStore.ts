/**
 * The state of one embedded figure beyond its run: the scenario, whether it has begun, which phase it shows
 * (the finished preview or the live run), the playback cursor, and what to report. Its own zustand store (never
 * the page's app store); the run itself — status, statistics, frames — is in the figure's LaneSession
 * (src/view/session/LaneSession.ts). Every figure on a page has both, so figures never see each other's runs.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../core/scenario';

export type FigurePhase = 'preview' | 'live';

export interface FigureState {
  scenario: Scenario;
  /** The figure has begun computing (it came near the screen, or was told not to wait). */
  started: boolean;
  /** 'preview' while the cached or fast first run is on screen, 'live' once the full run has started. */
  phase: FigurePhase;
  /** The display frame shown (an index into the session's frames). */
  cursor: number;
  playing: boolean;
  /** Playing is held because the figure left the screen; it resumes when the figure is back. */
  heldOffScreen: boolean;
  /** Under `prefers-reduced-motion: reduce`: finished pictures only, animation only on Play. */
  reducedMotion: boolean;
  error: string | null;
  /** The engine's live tensor count after its last run. */
  liveTensors: number | null;
}

export function createFigureStore(scenario: Scenario, reducedMotion: boolean): StoreApi<FigureState> {
  return createStore<FigureState>()(() => ({
    scenario,
    started: false,
    phase: 'preview',
    cursor: 0,
    playing: false,
    heldOffScreen: false,
    reducedMotion,
    error: null,
    liveTensors: null,
  }));
}
