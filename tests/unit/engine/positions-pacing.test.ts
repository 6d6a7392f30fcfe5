// Which steps' positions the engine posts (src/engine/runScheduler.ts sendsPositions): the ones the page keeps
// (every stride-th and the last), and in between at most one per display frame.
import { describe, expect, it } from 'vitest';
import { DISPLAY_FRAME_MS, sendsPositions } from '../../../src/engine/runScheduler';
import { FLOAT_BUDGET, frameStride } from '../../../src/engine/frameStride';

describe('positions sent to the page', () => {
  it('a 65,536 × 1,000 run keeps every 8th step; a 1,024 × 100 run keeps every step', () => {
    // 2 · 65,536 · 1,000 = 131,072,000 floats over a 16,777,216-float budget: 7.8, rounded up.
    expect(frameStride(65536, 1000)).toBe(8);
    expect(frameStride(1024, 100)).toBe(1);
    expect(frameStride(FLOAT_BUDGET / 2, 1)).toBe(1);
    expect(frameStride(FLOAT_BUDGET / 2, 2)).toBe(2);
  });

  it('sends the kept steps and the last one always, the others only a display frame after the last sent', () => {
    const run = { stride: 8, steps: 1000, positionsAt: 100 };
    for (const index of [0, 8, 16, 992, 999]) expect(sendsPositions(run, index, 100)).toBe(true);
    expect(sendsPositions(run, 3, 100 + DISPLAY_FRAME_MS - 1)).toBe(false);
    expect(sendsPositions(run, 3, 100 + DISPLAY_FRAME_MS)).toBe(true);
  });

  it('with stride 1 every step is sent, however fast the steps come', () => {
    const run = { stride: 1, steps: 100, positionsAt: 50 };
    for (let index = 0; index < 100; index++) expect(sendsPositions(run, index, 50)).toBe(true);
  });
});
