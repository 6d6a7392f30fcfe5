/** The figure's stylesheet, added to the document once (the library is a single script for the host page). */
import css from './embed.css?inline';

let injected = false;

export function injectStyles(): void {
  if (injected || typeof document === 'undefined') return;
  injected = true;
  const style = document.createElement('style');
  style.dataset.tiltlab = '';
  style.textContent = css;
  document.head.appendChild(style);
}
