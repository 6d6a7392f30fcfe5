/**
 * Work the page does cold the first time (a loop not yet optimised, buffers not yet allocated) in tasks of its own
 * instead of inside the render or the frame that needs it: the base-density background and the exact target's
 * contours each took 8–21 ms of main-thread CPU the first time, on top of the React render or the canvas frame they
 * were computed in. Work that comes in bands (inBands.ts) takes one task per band. After the first time on the page
 * the same work is done at once, where it is needed.
 */
import { useEffect, useState } from 'react';
import { yieldToEvents } from '../../engine/yieldToEvents';

const doneOnce = new Set<string>();

/**
 * False until `prepare` (pass a memoised callback; null while there is nothing to prepare) has run once, in tasks of
 * its own, for the page's first use of `name`; true from then on, for every later caller at once. A `prepare` that
 * returns a generator is stepped one band per task.
 */
export function useFirstTimeApart(name: string, prepare: (() => Generator<void, unknown> | void) | null): boolean {
  const [done, setDone] = useState(() => doneOnce.has(name));
  useEffect(() => {
    if (done || !prepare) return;
    let live = true;
    // A task apart from the render (a message round trip: setTimeout would clamp a chain of steps to 4 ms each).
    const inTurn = (work: () => void) => void yieldToEvents().then(() => live && work());
    inTurn(() => {
      const steps = prepare();
      const step = () => {
        if (steps && !steps.next().done) return inTurn(step);
        doneOnce.add(name);
        setDone(true);
      };
      step();
    });
    return () => {
      live = false;
    };
  }, [done, name, prepare]);
  return done;
}
