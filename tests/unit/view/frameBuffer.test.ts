/**
 * FrameBuffer (src/view/session/FrameBuffer.ts): a big run keeps every stride-th step under the float budget
 * (plus the newest), scrubbing between kept steps shows the nearest kept one before, positions of any other
 * run are ignored, and the final samples are the last display frame.
 */
import { describe, expect, it } from 'vitest';
import { FLOAT_BUDGET, FrameBuffer } from '../../../src/view/session/FrameBuffer';

/** One frame of `n` particles whose every coordinate is `step` (so a frame says which step it is). */
function frame(n: number, step: number): Float32Array {
  return new Float32Array(2 * n).fill(step);
}

describe('FrameBuffer', () => {
  it('keeps every step of a run within the budget', () => {
    const buffer = new FrameBuffer();
    buffer.reset(1, 2048, 100);
    expect(buffer.stride).toBe(1);
    for (let k = 0; k < 100; k++) expect(buffer.push(1, frame(4, k))).toBe(true);
    expect(buffer.count).toBe(100);
    for (let k = 0; k < 100; k++) expect(buffer.frame(k)![0]).toBe(k);
  });

  it('keeps every stride-th step of a run beyond the budget, and always the newest', () => {
    // 2·N·K = 2·10·20 = 400 floats against a budget of 100: stride 4.
    const buffer = new FrameBuffer(100);
    buffer.reset(7, 10, 20);
    expect(buffer.stride).toBe(4);
    for (let k = 0; k < 10; k++) buffer.push(7, frame(10, k));
    expect(buffer.count).toBe(10);
    const kept = buffer.stepFramesUpTo(9).map((f) => f.step);
    expect(kept).toEqual([0, 4, 8, 9]);
    // Scrubbing between kept steps shows the nearest kept step before it.
    expect(buffer.frame(5)![0]).toBe(4);
    expect(buffer.frame(7)![0]).toBe(4);
    expect(buffer.frame(9)![0]).toBe(9);
    // The next step makes 9 an ordinary, dropped step.
    buffer.push(7, frame(10, 10));
    expect(buffer.stepFramesUpTo(10).map((f) => f.step)).toEqual([0, 4, 8, 10]);
    expect(buffer.frame(9)![0]).toBe(8);
  });

  it('stays under the float budget for a run far beyond it', () => {
    const particles = 65536;
    const steps = 1000;
    const buffer = new FrameBuffer();
    buffer.reset(1, particles, steps);
    const stride = buffer.stride;
    expect(stride).toBe(Math.ceil((2 * particles * steps) / FLOAT_BUDGET));
    // Count kept floats as the steps stream in (one shared array per step: no memory is really used).
    const shared = new Float32Array(2 * particles);
    let maxKept = 0;
    for (let k = 0; k < steps; k++) {
      buffer.push(1, shared);
      maxKept = Math.max(maxKept, buffer.stepFramesUpTo(k).length * 2 * particles);
    }
    expect(maxKept).toBeLessThanOrEqual(FLOAT_BUDGET + 2 * particles);
    expect(buffer.stepFramesUpTo(steps - 1).length).toBe(Math.ceil(steps / stride) + 1);
  });

  it('ignores positions and final samples of any other run', () => {
    const buffer = new FrameBuffer();
    buffer.reset(2, 4, 10);
    expect(buffer.push(1, frame(4, 100))).toBe(false);
    expect(buffer.setFinal(1, frame(4, 200))).toBe(false);
    expect(buffer.count).toBe(0);
    expect(buffer.frame(0)).toBeNull();
    buffer.push(2, frame(4, 0));
    // A reset for a new run drops the old run's frames, and the old run can no longer add any.
    buffer.reset(3, 4, 10);
    expect(buffer.count).toBe(0);
    expect(buffer.push(2, frame(4, 1))).toBe(false);
    expect(buffer.count).toBe(0);
    expect(buffer.runId).toBe(3);
  });

  it('shows the final samples as the last display frame, left out of the trails', () => {
    const buffer = new FrameBuffer();
    buffer.reset(5, 4, 3);
    for (let k = 0; k < 3; k++) buffer.push(5, frame(4, k));
    expect(buffer.count).toBe(3);
    const final = frame(4, 99);
    expect(buffer.setFinal(5, final)).toBe(true);
    expect(buffer.count).toBe(4);
    expect(buffer.frame(3)).toBe(final);
    expect(buffer.frame(2)![0]).toBe(2);
    expect(buffer.stepFramesUpTo(3).map((f) => f.step)).toEqual([0, 1, 2]);
  });

  it('keeps the step count for steps that sent no positions', () => {
    const buffer = new FrameBuffer();
    buffer.reset(1, 4, 3);
    buffer.push(1, frame(4, 0));
    buffer.push(1, null);
    expect(buffer.count).toBe(2);
    expect(buffer.frame(1)![0]).toBe(0);
  });

  it('shows a finished run without per-step positions', () => {
    const buffer = new FrameBuffer();
    const final = frame(4, 7);
    buffer.showFinished(9, 5, final);
    expect(buffer.runId).toBe(9);
    expect(buffer.count).toBe(6);
    expect(buffer.frame(2)).toBeNull();
    expect(buffer.frame(5)).toBe(final);
  });
});
