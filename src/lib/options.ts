/** The typed options of an embedded figure, shared by `<tilt-lab>`, the React component and `mount`. */
import type { ExactTargetInfo } from '../engine/messages';
import type { StepStats } from '../core/types';
import type { FigureStateName } from './state';

/**
 * A finished run, as `FigureHandle.result()` returns it: enough to draw the final samples and the charts
 * before the engine has computed anything (the figure then goes live). Plain JSON, so it can be saved
 * with a blog post and passed back in.
 */
export interface CachedRun {
  /** N×2 interleaved final samples. */
  samples: number[];
  stats: StepStats[];
  exact: ExactTargetInfo | null;
}

export interface TiltLabOptions {
  /** Play the live run as soon as it computes (default true). When false the figure waits for Play. */
  autoplay?: boolean;
  /** Replay the run from its first step after it ends, until paused (default false). */
  loop?: boolean;
  /** Show the play bar: play/pause, the step scrubber and "run again" (default true). */
  controls?: boolean;
  /** A finished run shown at once; without it a fast first run at `previewParticles` is shown first. */
  cached?: CachedRun;
  /** Particles of the fast first run (default 256, never more than the scenario's). */
  previewParticles?: number;
  /**
   * Where learned models are served from: absolute, or relative to the page (`/models/`, `../models/`).
   * Default: the `models/` folder beside the library file, which the library build ships.
   */
  modelsBaseUrl?: string;
  /**
   * Start computing only when the figure comes within about one viewport of the screen, and play only while it
   * is on screen (default true). With false it starts at once and plays wherever it is.
   */
  startWhenVisible?: boolean;
  /** Told once per finished live run. */
  onResult?: (run: CachedRun) => void;
  /** Told each time the figure's state changes (`idle`, `loading`, `running`, `paused`, `done`, `error`). */
  onState?: (state: FigureStateName) => void;
}

export const DEFAULT_PREVIEW_PARTICLES = 256;

/**
 * The models' base URL as the engine worker needs it: absolute, ending in `/`. A given one is read relative
 * to the page (`pageUrl`, the document's base URI); the default is `models/` beside the library (`libraryUrl`).
 */
export function resolveModelsBaseUrl(given: string | undefined, pageUrl: string, libraryUrl: string): string {
  const url = given === undefined || given.trim() === '' ? new URL('models/', libraryUrl) : new URL(given.trim(), pageUrl);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}
