/**
 * PlayerClock (src/view/session/PlayerClock.ts) with an injected clock: any run plays in about two seconds (at
 * least 30 steps a second), never past the newest frame, a long gap counts as at most 250 ms, time spent paused
 * is not played back, playback stops at the end of a finished run, and a looping figure holds its final
 * samples before it starts again.
 */
import { describe, expect, it } from 'vitest';
import { LOOP_PAUSE_MS, PlayerClock } from '../../../src/view/session/PlayerClock';
import type { ClockInput, Playback } from '../../../src/view/session/PlayerClock';

/** A clock on a fake time line, and a playback state that follows its ticks. */
function player(input: Partial<ClockInput> = {}) {
  let t = 1000;
  const clock = new PlayerClock({ now: () => t });
  let state: ClockInput = { cursor: 0, playing: true, available: 101, steps: 100, finished: true, ...input };
  return {
    clock,
    /** Advances the time line by `ms` and ticks once. */
    after(ms: number, patch: Partial<ClockInput> = {}): Playback {
      t += ms;
      state = { ...state, ...patch };
      const next = clock.tick(state);
      state = { ...state, ...next };
      return next;
    },
    /** Ticks every 16 ms for `ms`. */
    run(ms: number, patch: Partial<ClockInput> = {}): Playback {
      let p: Playback = state;
      for (let done = 0; done < ms; done += 16) p = this.after(16, patch);
      return p;
    },
  };
}

describe('PlayerClock', () => {
  it('plays a 100-step run at 50 steps a second (two seconds for the run)', () => {
    const p = player();
    expect(p.after(0).cursor).toBe(0); // the first tick only starts the clock
    expect(p.after(100).cursor).toBe(5);
    expect(p.after(100).cursor).toBe(10);
    expect(p.after(1000).cursor).toBe(10 + 12); // a long gap counts as at most 250 ms
  });

  it('plays short runs at least 30 steps a second', () => {
    const p = player({ steps: 10, available: 11 });
    p.after(0);
    expect(p.after(100).cursor).toBe(3);
  });

  it('plays a long run in about two seconds', () => {
    const p = player({ steps: 1000, available: 1001 });
    p.after(0);
    expect(p.after(200).cursor).toBe(100);
    expect(p.clock.rate(1000)).toBe(500);
  });

  it('carries fractions of a step from tick to tick', () => {
    const p = player();
    p.after(0);
    expect(p.after(10).cursor).toBe(0); // 0.5 step
    expect(p.after(10).cursor).toBe(1); // 1.0 step
  });

  it('never passes the newest frame, and does not bank time while waiting for the engine', () => {
    const p = player({ available: 4, finished: false });
    p.after(0);
    const waiting = p.after(200);
    expect(waiting).toEqual({ cursor: 3, playing: true });
    expect(p.after(200)).toEqual({ cursor: 3, playing: true });
    // One more frame arrives: the cursor moves on at the normal pace, not by the time spent waiting.
    expect(p.after(20, { available: 20 }).cursor).toBe(4);
  });

  it('drops the fraction of a step left when it catches up with the engine', () => {
    const p = player({ available: 3, finished: false });
    p.after(0);
    expect(p.after(58).cursor).toBe(2); // 2.9 steps: at the newest frame, 0.9 left over
    expect(p.after(16).cursor).toBe(2); // waiting: the 0.9 is dropped
    expect(p.after(4, { available: 10 }).cursor).toBe(2); // 0.2 step, not 1.1
  });

  it('stops at the end of a finished run', () => {
    const p = player({ available: 11 });
    p.after(0);
    const end = p.run(1000);
    expect(end).toEqual({ cursor: 10, playing: false });
  });

  it('does not play back the time spent paused', () => {
    const p = player();
    p.after(0);
    expect(p.after(100).cursor).toBe(5);
    expect(p.after(5000, { playing: false })).toEqual({ cursor: 5, playing: false });
    // Play again: the first tick counts no elapsed time, the next one 100 ms.
    expect(p.after(100, { playing: true }).cursor).toBe(5);
    expect(p.after(100).cursor).toBe(10);
  });

  it('holds the final samples of a looping run, then starts again from the first frame', () => {
    const p = player({ available: 11, loop: true });
    p.after(0);
    expect(p.after(250)).toEqual({ cursor: 10, playing: true }); // 12 steps' worth, clamped to the last frame
    expect(p.after(16)).toEqual({ cursor: 10, playing: true }); // the hold starts
    expect(p.after(LOOP_PAUSE_MS - 100)).toEqual({ cursor: 10, playing: true });
    expect(p.after(200)).toEqual({ cursor: 0, playing: true });
  });

  it('reads the injected clock when no time is passed', () => {
    let t = 0;
    const clock = new PlayerClock({ now: () => t });
    const input = { cursor: 0, playing: true, available: 101, steps: 100, finished: false };
    clock.tick(input);
    t = 60;
    expect(clock.tick(input).cursor).toBe(3);
  });
});
