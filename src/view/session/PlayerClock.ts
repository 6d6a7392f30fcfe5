/**
 * Playback timing, one idea: while playing, the display cursor advances with the clock so that any run plays
 * in about PLAYBACK_SECONDS (at least MIN_STEPS_PER_SECOND), on fast and slow machines alike, and never
 * passes the newest frame the engine has sent (the engine computes ahead; the charts and the canvas both
 * show the cursor's step, so they always agree). At the end of a finished run it stops — or, for a looping
 * figure, holds the final samples a moment and starts again. It owns only its timing (last tick, fractional
 * steps); the cursor lives in the host's store and goes in and out of `tick`. No DOM: time is passed in, or
 * read from an injected clock, so it is tested without a browser.
 */

export const PLAYBACK_SECONDS = 2;
export const MIN_STEPS_PER_SECOND = 30;
/** With `loop`, the final samples stay on screen this long before the replay starts. */
export const LOOP_PAUSE_MS = 1200;
/** A background tab or a long task must not jump the run: a tick counts at most this much time. */
export const MAX_TICK_MS = 250;

export interface Playback {
  cursor: number;
  playing: boolean;
}

export interface ClockInput extends Playback {
  /** Display frames available (the cursor stays below this). */
  available: number;
  /** The run's denoising steps K (sets the pace). */
  steps: number;
  /** The engine has nothing more to send: at the last frame, playback ends (or loops). */
  finished: boolean;
  /** Replay from the first frame after a pause at the end, instead of stopping. */
  loop?: boolean;
}

export interface PlayerClockOptions {
  now?: () => number;
  seconds?: number;
  minStepsPerSecond?: number;
  loopPauseMs?: number;
}

export class PlayerClock {
  private last: number | null = null;
  private carry = 0;
  private heldSince: number | null = null;
  private readonly now: () => number;
  private readonly seconds: number;
  private readonly minRate: number;
  private readonly loopPauseMs: number;

  constructor(options: PlayerClockOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.seconds = options.seconds ?? PLAYBACK_SECONDS;
    this.minRate = options.minStepsPerSecond ?? MIN_STEPS_PER_SECOND;
    this.loopPauseMs = options.loopPauseMs ?? LOOP_PAUSE_MS;
  }

  /** Steps per second for a run of `steps` steps. */
  rate(steps: number): number {
    return Math.max(this.minRate, steps / this.seconds);
  }

  /**
   * Forgets the last tick: the next one counts no elapsed time. Called while not playing (and by `tick` itself
   * then), so that time spent paused, or with the animation loop asleep, is never played back as a jump.
   */
  rest(): void {
    this.last = null;
    this.carry = 0;
    this.heldSince = null;
  }

  /** The playback after the time since the previous tick (returns `input`'s own values when nothing changes). */
  tick(input: ClockInput, now = this.now()): Playback {
    const { cursor, playing, available, finished } = input;
    if (!playing) {
      this.rest();
      return { cursor, playing };
    }
    const elapsed = this.last === null ? 0 : Math.min(MAX_TICK_MS, Math.max(0, now - this.last));
    this.last = now;
    if (cursor < available - 1) {
      this.heldSince = null;
      this.carry += (elapsed * this.rate(input.steps)) / 1000;
      const advance = Math.floor(this.carry);
      if (advance === 0) return { cursor, playing };
      this.carry -= advance;
      return { cursor: Math.min(available - 1, cursor + advance), playing };
    }
    this.carry = 0; // waiting for the engine, or at the end: do not bank time
    if (!finished) return { cursor, playing };
    if (!input.loop) return { cursor, playing: false };
    if (this.heldSince === null) {
      this.heldSince = now;
      return { cursor, playing };
    }
    if (now - this.heldSince < this.loopPauseMs) return { cursor, playing };
    this.heldSince = null;
    return { cursor: 0, playing };
  }
}
