/**
 * A formula typeset by KaTeX. KaTeX, its stylesheet and its fonts are a lazy chunk served from the page's
 * own origin: they load the first time a formula is shown, so the initial JavaScript is not larger for it.
 * Until then the TeX source stands in. The output is MathML only (typeset.ts): no inline styles, so it holds
 * under a strict Content Security Policy. A formula of two parts side by side (TeX's `\qquad` between them) is typeset
 * as two formulas in a row that wraps, so that on a phone the second goes under the first instead of out of the box.
 */
import { useEffect, useState } from 'react';
import { typeset } from './typeset';

type Katex = typeof import('katex').default;

let loading: Promise<Katex> | null = null;

function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([k]) => k.default);
  return loading;
}

export function TexFormula(props: { tex: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void loadKatex().then((katex) => {
      if (live) setHtml(props.tex.split('\\qquad').map((part) => typeset(katex, part)).join(''));
    });
    return () => {
      live = false;
    };
  }, [props.tex]);
  if (html === null) return <code className="tex-formula tex-formula--source">{props.tex}</code>;
  return <div className="tex-formula" data-testid="tex-formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
