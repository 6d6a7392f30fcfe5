/**
 * Work the page does cold the first time (a loop not yet optimised, buffers not yet allocated) in a task of its own
 * instead of inside the render or the frame that needs it: the base-density background and the exact target's
 * contours each took 8–15 ms of main-thread CPU the first time, on top of the React render or the canvas frame they
 * were computed in. After the first time on the page the same work is done at once, where it is needed.
 */
import { useEffect, useState } from 'react';

const doneOnce = new Set<string>();

/**
 * False until `prepare` (pass a memoised callback; null while there is nothing to prepare) has run once, in a task of
 * its own, for the page's first use of `name`; true from then on, for every later caller at once.
 */
export function useFirstTimeApart(name: string, prepare: (() => void) | null): boolean {
  const [done, setDone] = useState(() => doneOnce.has(name));
  useEffect(() => {
    if (done || !prepare) return;
    const timer = setTimeout(() => {
      prepare();
      doneOnce.add(name);
      setDone(true);
    }, 0);
    return () => clearTimeout(timer);
  }, [done, name, prepare]);
  return done;
}
