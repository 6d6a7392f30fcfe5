/**
 * RedrawLoop (src/view/session/RedrawLoop.ts) with a fake frame scheduler: it requests a frame only when
 * invalidated or while a task asks for the next one (a playing clock), sleeps when nothing is dirty, and wakes
 * again on invalidate; a change during a frame gets one more frame.
 */
import { describe, expect, it } from 'vitest';
import { RedrawLoop } from '../../../src/view/session/RedrawLoop';

function fakeFrames() {
  const pending = new Map<number, (now: number) => void>();
  let next = 1;
  let now = 0;
  return {
    scheduler: {
      request: (cb: (now: number) => void) => {
        pending.set(next, cb);
        return next++;
      },
      cancel: (h: number) => void pending.delete(h),
    },
    get requested(): number {
      return pending.size;
    },
    /** Runs the requested frame (at most one is ever pending). */
    frame(): void {
      expect(pending.size).toBeLessThanOrEqual(1);
      const [[h, cb]] = [...pending];
      pending.delete(h);
      cb((now += 16));
    },
  };
}

describe('RedrawLoop', () => {
  it('runs only when something is dirty, and sleeps when nothing is', () => {
    const frames = fakeFrames();
    const loop = new RedrawLoop(frames.scheduler);
    expect(loop.awake).toBe(false);
    let dirty = false;
    let draws = 0;
    loop.add(() => {
      if (dirty) {
        dirty = false;
        draws++;
      }
      return false;
    });
    expect(frames.requested).toBe(1); // a new task gets one frame
    frames.frame();
    expect(loop.awake).toBe(false);
    expect(frames.requested).toBe(0);
    dirty = true;
    loop.invalidate();
    loop.invalidate(); // coalesced
    expect(frames.requested).toBe(1);
    frames.frame();
    expect(draws).toBe(1);
    expect(loop.awake).toBe(false);
  });

  it('keeps running while a task needs the next frame, then stops', () => {
    const frames = fakeFrames();
    const loop = new RedrawLoop(frames.scheduler);
    let playingFor = 3;
    let ticks = 0;
    loop.add(() => {
      ticks++;
      return --playingFor > 0;
    });
    for (let i = 0; i < 3; i++) frames.frame();
    expect(ticks).toBe(3);
    expect(loop.awake).toBe(false);
  });

  it('gives a change made during a frame one more frame', () => {
    const frames = fakeFrames();
    const loop = new RedrawLoop(frames.scheduler);
    let first = true;
    let ticks = 0;
    loop.add(() => {
      ticks++;
      if (first) loop.invalidate();
      first = false;
      return false;
    });
    frames.frame();
    expect(loop.awake).toBe(true);
    frames.frame();
    expect(ticks).toBe(2);
    expect(loop.awake).toBe(false);
  });

  it('never has two frames requested at once', () => {
    const frames = fakeFrames();
    const loop = new RedrawLoop(frames.scheduler);
    let ticks = 0;
    loop.add(() => {
      loop.invalidate(); // a change during the frame, from a task that wants the next frame anyway
      return ++ticks < 3;
    });
    frames.frame();
    expect(frames.requested).toBe(1);
    frames.frame();
    expect(frames.requested).toBe(1);
  });

  it('stops for good when disposed', () => {
    const frames = fakeFrames();
    const loop = new RedrawLoop(frames.scheduler);
    loop.add(() => true);
    loop.dispose();
    expect(frames.requested).toBe(0);
    expect(loop.awake).toBe(false);
  });
});
