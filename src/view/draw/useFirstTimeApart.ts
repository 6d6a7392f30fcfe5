/**
 * Work the page does cold the first time (a loop not yet optimised, buffers not yet allocated) in tasks of its own
 * instead of inside the render or the frame that needs it: the base-density background and the exact target's
 * contours each took 8–21 ms of main-thread CPU the first time, on top of the React render or the canvas frame they
 * were computed in. Work that comes in bands (inBands.ts) is spread over as many tasks as its time needs. After the
 * first time on the page the same work is done at once, where it is needed.
 */
import { useEffect, useState } from 'react';
import { yieldToEvents } from '../../engine/yieldToEvents';

const doneOnce = new Set<string>();

/**
 * Main-thread time a task gives to bands of such work before it lets other tasks in: short enough for no task to
 * approach 50 ms on a busy machine, long enough for the first background to be ready before the first particles.
 */
const BUDGET_MS = 4;

type PostTask = (callback: () => void, options: { priority: 'user-blocking' }) => Promise<unknown>;
const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;

/**
 * Runs `work` in a task of its own, ahead of the page's other queued tasks where the browser has a prioritised task
 * queue (`scheduler.postTask`, "user-blocking"): the first background must be ready before the first particles are
 * drawn, and a band queued behind the first render's slices and the engine's messages was ready after them in a
 * quarter of the loads. Elsewhere a message round trip (setTimeout would clamp a chain of bands to 4 ms each).
 */
function soon(work: () => void): void {
  if (scheduler?.postTask) void scheduler.postTask(work, { priority: 'user-blocking' });
  else void yieldToEvents().then(work);
}

/**
 * False until `prepare` (pass a memoised callback; null while there is nothing to prepare) has run once, in tasks of
 * its own, for the page's first use of `name`; true from then on, for every later caller at once. A `prepare` that
 * returns a generator is stepped band by band, BUDGET_MS of bands per task.
 */
export function useFirstTimeApart(name: string, prepare: (() => Generator<void, unknown> | void) | null): boolean {
  const [done, setDone] = useState(() => doneOnce.has(name));
  useEffect(() => {
    if (done || !prepare) return;
    let live = true;
    const inTurn = (work: () => void) => void soon(() => live && work());
    inTurn(() => {
      const steps = prepare();
      // Bands until the task has taken its budget, then the rest in a later task.
      const step = () => {
        const until = performance.now() + BUDGET_MS;
        while (steps && !steps.next().done) if (performance.now() >= until) return inTurn(step);
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
