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
