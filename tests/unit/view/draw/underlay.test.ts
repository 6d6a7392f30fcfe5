// The cached underlay (src/view/draw/underlay.ts): drawn once into a bitmap at the canvas's device resolution and
// copied unscaled each frame, redrawn exactly when one of the inputs it is drawn from changes.
import { describe, expect, it } from 'vitest';
import type { SceneInput } from '../../../../src/view/draw/scene';
import { drawUnderlay } from '../../../../src/view/draw/underlay';
import type { Bitmap } from '../../../../src/view/draw/underlay';
import { transformFor } from '../../../../src/view/draw/view';

/** A 2-D context that records what is done to it, with the transform as a plain scale (all the scene uses). */
function recordingContext(dpr = 1) {
  const calls: string[] = [];
  let scale = dpr;
  const saved: number[] = [];
  const ctx = {
    calls,
    getTransform: () => ({ a: scale }),
    setTransform: (a: number) => {
      scale = a;
      calls.push(`setTransform ${a}`);
    },
    save: () => saved.push(scale),
    restore: () => {
      scale = saved.pop() ?? scale;
    },
    clearRect: (x: number, y: number, w: number, h: number) => calls.push(`clearRect ${x} ${y} ${w} ${h}`),
    drawImage: (image: unknown, x: number, y: number) => calls.push(`drawImage ${(image as { name: string }).name} ${x} ${y} at scale ${scale}`),
  };
  return ctx;
}

function bitmaps() {
  const made: Array<Bitmap & { name: string; ctx: ReturnType<typeof recordingContext> }> = [];
  const make = (width: number) => {
    const ctx = recordingContext();
    const bitmap = { name: `bitmap${made.length}`, width, height: width, ctx, getContext: () => ctx };
    made.push(bitmap);
    return bitmap;
  };
  return { made, make };
}

const view = { cx: 0, cy: 0, half: 4 };
const target = { weights: [1], means: [[0, 0]], covs: [[[1, 0], [0, 1]]] } as unknown as SceneInput['target'];

function scene(over: Partial<SceneInput> = {}): SceneInput {
  const size = over.size ?? 300;
  const v = over.view ?? view;
  return {
    size,
    view: v,
    transform: transformFor(v, size),
    background: null,
    backgroundPoints: null,
    target,
    reward: null,
    points: null,
    trails: null,
    resampledSteps: new Set(),
    color: '#0072b2',
    trailCount: 0,
    labelPx: 11,
    ...over,
  };
}

describe('drawUnderlay', () => {
  it('draws the underlay once into a bitmap of the canvas’s device size, at its device scale, and copies it unscaled', () => {
    const ctx = recordingContext(2);
    const { made, make } = bitmaps();
    const drawn: number[] = [];
    const ok = drawUnderlay(ctx as never, scene(), (c) => drawn.push((c as unknown as ReturnType<typeof recordingContext>).getTransform().a), make);
    expect(ok).toBe(true);
    expect(made.map((b) => b.width)).toEqual([600]);
    // The bitmap is cleared at identity, then drawn into at the device scale the canvas uses.
    expect(made[0].ctx.calls).toEqual(['setTransform 1', 'clearRect 0 0 600 600', 'setTransform 2']);
    expect(drawn).toEqual([2]);
    // Copied pixel for pixel (identity transform), and the canvas's own scale is restored afterwards.
    expect(ctx.calls).toEqual(['setTransform 1', 'drawImage bitmap0 0 0 at scale 1']);
    expect(ctx.getTransform().a).toBe(2);
  });

  it('copies the same bitmap without drawing again while nothing it is drawn from changes', () => {
    const ctx = recordingContext();
    const { made, make } = bitmaps();
    let draws = 0;
    const draw = () => void draws++;
    const input = scene();
    drawUnderlay(ctx as never, input, draw, make);
    // A new frame: new points, trails and reward, same view, size, background and target.
    drawUnderlay(ctx as never, { ...input, points: Float32Array.of(1, 2), reward: { kind: 'linear', theta: [1, 0] } as never }, draw, make);
    drawUnderlay(ctx as never, scene(), draw, make);
    expect(draws).toBe(1);
    expect(made).toHaveLength(1);
    expect(ctx.calls.filter((c) => c.startsWith('drawImage'))).toEqual(['drawImage bitmap0 0 0 at scale 1', 'drawImage bitmap0 0 0 at scale 1', 'drawImage bitmap0 0 0 at scale 1']);
  });

  it('draws again when the view, the target, the background, the training data or the label size changes', () => {
    const ctx = recordingContext();
    const { made, make } = bitmaps();
    let draws = 0;
    const draw = () => void draws++;
    const changes: Array<Partial<SceneInput>> = [
      { view: { cx: 0.5, cy: 0, half: 4 } },
      { view: { cx: 0.5, cy: 0, half: 3 } },
      { view: { cx: 0.5, cy: 0, half: 3 }, target: null },
      { view: { cx: 0.5, cy: 0, half: 3 }, target: null, background: { width: 160, height: 160 } as never },
      { view: { cx: 0.5, cy: 0, half: 3 }, target: null, background: null, backgroundPoints: Float32Array.of(0, 0) },
      { view: { cx: 0.5, cy: 0, half: 3 }, target: null, background: null, backgroundPoints: Float32Array.of(0, 0), labelPx: 16 },
    ];
    drawUnderlay(ctx as never, scene(), draw, make);
    for (const change of changes) drawUnderlay(ctx as never, scene(change), draw, make);
    expect(draws).toBe(1 + changes.length);
    // Same size throughout: the one bitmap is reused.
    expect(made).toHaveLength(1);
  });

  it('makes a new bitmap when the canvas changes size, and keeps one per canvas', () => {
    const a = recordingContext();
    const b = recordingContext();
    const { made, make } = bitmaps();
    const draw = () => {};
    drawUnderlay(a as never, scene(), draw, make);
    drawUnderlay(b as never, scene(), draw, make);
    drawUnderlay(a as never, scene({ size: 200 }), draw, make);
    expect(made.map((m) => m.width)).toEqual([300, 300, 200]);
    expect(a.calls.filter((c) => c.startsWith('drawImage'))).toEqual(['drawImage bitmap0 0 0 at scale 1', 'drawImage bitmap2 0 0 at scale 1']);
    expect(b.calls.filter((c) => c.startsWith('drawImage'))).toEqual(['drawImage bitmap1 0 0 at scale 1']);
  });

  it('draws nothing and says so where no bitmap can be made, so that the caller draws the underlay itself', () => {
    const ctx = recordingContext();
    let draws = 0;
    expect(drawUnderlay(ctx as never, scene(), () => void draws++, () => null)).toBe(false);
    expect(draws).toBe(0);
    expect(ctx.calls).toEqual([]);
  });
});
