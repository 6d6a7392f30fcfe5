/**
 * "The first particles are on screen and moving": the moment after which the page loads what it does not need for them
 * (the charts' code, whose evaluation would otherwise hold up the first frames). Resolved by the canvas, or
 * after a fallback delay when no run paints (an invalid link, a failed run).
 */
import { useEffect, useState } from 'react';

let resolve: () => void = () => {};
let done = false;
const painted = new Promise<void>((r) => {
  resolve = r;
}).then(() => {
  done = true;
});
setTimeout(() => resolve(), 2500);

export function markParticlesPainted(): void {
  resolve();
}

export function afterFirstParticles(): Promise<void> {
  return painted;
}

/** One frame, then a task of its own: what the page waits between two parts of its later code. */
function nextFrame(): Promise<void> {
  return new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
}

let turn: Promise<unknown> = painted;

/**
 * Loads a part of the code that waits for the first particles (a lazy component's module), one part at a time in
 * the order asked: each starts a frame after the one before it has arrived. Loaded all at once, the parts were
 * evaluated, rendered and laid out together, in the first run's longest main-thread tasks; one after another, each
 * part's render and layout has a frame of its own.
 */
export function afterFirstParticlesInTurn<T>(load: () => Promise<T>): Promise<T> {
  const mine = turn.then(load);
  turn = mine.then(nextFrame, nextFrame);
  return mine;
}

/** False until the first particles have moved (or the fallback delay has passed), then true for the page's life. */
export function useAfterFirstParticles(): boolean {
  const [after, setAfter] = useState(done);
  useEffect(() => {
    if (after) return;
    let live = true;
    void painted.then(() => live && setAfter(true));
    return () => {
      live = false;
    };
  }, [after]);
  return after;
}
