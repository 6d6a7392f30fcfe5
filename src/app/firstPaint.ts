/**
 * "The first particles are on screen and moving": the moment after which the page loads what it does not need for them
 * (the charts' code, whose evaluation would otherwise hold up the first frames). Resolved by the canvas, or
 * after a fallback delay when no run paints (an invalid link, a failed run).
 */
let resolve: () => void = () => {};
const painted = new Promise<void>((r) => {
  resolve = r;
});
setTimeout(() => resolve(), 2500);

export function markParticlesPainted(): void {
  resolve();
}

export function afterFirstParticles(): Promise<void> {
  return painted;
}
