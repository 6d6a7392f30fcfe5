/**
 * Work done in bands: a generator that pauses (`yield`) between two bands of a long computation. Run at once with
 * `runToEnd`; spread over tasks by stepping it a few bands per task (useFirstTimeApart does, for the page's first
 * background image, whose cold loops took 15–21 ms of main-thread CPU in one task).
 */

/** Rows per band for the images made in bands: a twentieth of the background's 160 rows, under a millisecond cold. */
export const BAND_ROWS = 8;

/** Runs `steps` to its end at once and returns its result. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
