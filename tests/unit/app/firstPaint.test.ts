/**
 * The code that waits for the first particles (src/app/firstPaint.ts) loads one part at a time: nothing before the
 * first particles are painted, then each part only once the one before it has arrived and a frame has passed, in
 * the order asked, also when a part fails to load.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';

let frames: Array<() => void> = [];

beforeEach(() => {
  vi.resetModules();
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Lets every pending promise callback and zero-delay timer run. */
const settle = () => new Promise((r) => setTimeout(r, 5));

function runFrame() {
  const due = frames;
  frames = [];
  for (const cb of due) cb();
}

test('parts load in turn, a frame apart, and only after the first particles', async () => {
  const paint = await import('../../../src/app/firstPaint');
  const started: string[] = [];
  const part = (name: string, fail = false) => () => {
    started.push(name);
    return fail ? Promise.reject(new Error(`${name} failed`)) : Promise.resolve(name);
  };
  const a = paint.afterFirstParticlesInTurn(part('a'));
  const b = paint.afterFirstParticlesInTurn(part('b', true));
  const c = paint.afterFirstParticlesInTurn(part('c'));
  b.catch(() => {});
  await settle();
  expect(started).toEqual([]);

  paint.markParticlesPainted();
  await settle();
  expect(started).toEqual(['a']);
  await expect(a).resolves.toBe('a');
  // b waits for a frame after a arrived.
  await settle();
  expect(started).toEqual(['a']);
  runFrame();
  await settle();
  expect(started).toEqual(['a', 'b']);
  await expect(b).rejects.toThrow('b failed');
  // A failed part does not stop the ones after it.
  runFrame();
  await settle();
  expect(started).toEqual(['a', 'b', 'c']);
  await expect(c).resolves.toBe('c');
});
