/**
 * The figure's stylesheet, added to the document once (the library is a single script for the host page). It is
 * adopted as a constructed stylesheet, which a strict Content Security Policy (style-src 'self', no
 * 'unsafe-inline') allows, where a <style> element would be refused; older browsers get the <style> element.
 */
import css from './embed.css?inline';

let injected = false;

export function injectStyles(): void {
  if (injected || typeof document === 'undefined') return;
  injected = true;
  if ('adoptedStyleSheets' in document && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  style.dataset.tiltlab = '';
  style.textContent = css;
  document.head.appendChild(style);
}
