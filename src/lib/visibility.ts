/**
 * Where an element is relative to the screen, from two IntersectionObservers: `near` (within about one
 * viewport of it — time to start computing, so the figure is ready when the reader arrives) and `onScreen`
 * (any part visible — time to play). Where IntersectionObserver is missing, the element counts as on screen.
 */
export interface Visibility {
  near: boolean;
  onScreen: boolean;
}

/** How far outside the viewport a figure starts: one viewport height above and below. */
export const NEAR_MARGIN = '100% 0px 100% 0px';

export function observeVisibility(element: Element, onChange: (v: Visibility) => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onChange({ near: true, onScreen: true });
    return () => {};
  }
  const state: Visibility = { near: false, onScreen: false };
  const update = (key: keyof Visibility) => (entries: IntersectionObserverEntry[]) => {
    const last = entries[entries.length - 1];
    if (!last || state[key] === last.isIntersecting) return;
    state[key] = last.isIntersecting;
    onChange({ ...state });
  };
  const near = new IntersectionObserver(update('near'), { rootMargin: NEAR_MARGIN });
  const onScreen = new IntersectionObserver(update('onScreen'));
  near.observe(element);
  onScreen.observe(element);
  return () => {
    near.disconnect();
    onScreen.disconnect();
  };
}

/** The reader asked the system for less motion (`prefers-reduced-motion: reduce`). */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
