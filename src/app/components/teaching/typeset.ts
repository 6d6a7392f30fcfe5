/**
 * How the page typesets TeX: KaTeX's MathML output only. Its HTML output positions every glyph with inline
 * `style` attributes, which a strict Content Security Policy (style-src 'self') refuses — and a refused style
 * leaves superscripts and fractions in the wrong place. MathML is laid out by the browser itself (MathML Core),
 * needs no inline style and no web fonts, and is what screen readers read.
 */
import type katex from 'katex';

export const TYPESET_OPTIONS = { displayMode: true, throwOnError: false, output: 'mathml' } as const;

export function typeset(k: typeof katex, tex: string): string {
  return k.renderToString(tex, TYPESET_OPTIONS);
}
