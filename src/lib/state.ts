/**
 * The one word a figure's state is reported in (the `state` attribute of `<tilt-lab>`, `onState`), derived from
 * what the figure holds: never started, computing its first picture, playing, paused, finished, or failed.
 */
import type { RunStatus } from '../view/session/laneRun';

export const FIGURE_STATES = ['idle', 'loading', 'running', 'paused', 'done', 'error'] as const;
export type FigureStateName = (typeof FIGURE_STATES)[number];

export interface StateInput {
  /** The figure has begun (it came near the screen, or does not wait for that). */
  started: boolean;
  error: string | null;
  /** 'preview' while a finished (cached or fast first) run is on screen, 'live' once the full run shows. */
  phase: 'preview' | 'live';
  /** The figure means to play: the live run plays, or will as soon as its first step arrives. */
  playing: boolean;
  /** Play is held only because the figure is off screen. */
  heldOffScreen: boolean;
  status: RunStatus;
  cursor: number;
  frameCount: number;
}

export function figureState(s: StateInput): FigureStateName {
  if (s.error !== null || s.status === 'error') return 'error';
  if (!s.started) return 'idle';
  if (s.phase === 'preview') {
    // A finished picture on screen is done unless the live run it waits for is meant to play.
    if (s.status !== 'done') return 'loading';
    if (s.playing) return 'loading';
    return s.heldOffScreen ? 'paused' : 'done';
  }
  if (s.playing) return 'running';
  if (s.heldOffScreen) return 'paused';
  const atEnd = s.status === 'done' && s.cursor >= s.frameCount - 1;
  return atEnd ? 'done' : 'paused';
}
