/**
 * How many of a list of parts to render while they first appear: one more each animation frame, so that each part's
 * first render and layout have a frame of their own instead of all of them making one long main-thread task. Once
 * all have appeared, every part is rendered at once (a part added later, such as a second sampler panel, too).
 */
import { useEffect, useState } from 'react';

export function useOnePerFrame(count: number): number {
  // Infinity once the last part has appeared: from then on, all of them.
  const [shown, setShown] = useState(1);
  useEffect(() => {
    if (shown >= count) return;
    const id = requestAnimationFrame(() => setShown((n) => (n + 1 >= count ? Infinity : n + 1)));
    return () => cancelAnimationFrame(id);
  }, [shown, count]);
  return Math.min(shown, count);
}
