/** The typed options of an embedded figure, shared by the React component and `mount`. */
import type { ExactTargetInfo } from '../engine/messages';
import type { StepStats } from '../core/types';

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
  /** Where learned models are served from (default: `models/` beside the library file). */
  modelsBaseUrl?: string;
  /** Told once per finished live run. */
  onResult?: (run: CachedRun) => void;
}

export const DEFAULT_PREVIEW_PARTICLES = 256;
