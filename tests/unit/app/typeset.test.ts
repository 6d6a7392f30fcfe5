/**
 * Every formula the page shows (the "About this sampler" notes and every step-through phase) typesets as MathML
 * without inline styles (a strict CSP's style-src 'self' would refuse them) and without a KaTeX error.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import type { SamplerSpec } from '../../../src/core/scenario';
import { typeset } from '../../../src/app/components/teaching/typeset';
import { SAMPLER_VIEWS, samplerView } from '../../../src/view/samplers';

const stats = { k: 4, t: 0.25, meanReward: 0.5, logWeightVar: 0.1, logWeightVarCum: 0.3, ess: 800, resampled: true };

const SPECS: SamplerSpec[] = [
  { kind: 'base' },
  { kind: 'kl-tilt', lambda: 1, method: 'auto' },
  { kind: 'kl-tilt', lambda: 1, method: 'guidance' },
  { kind: 'w-prox', lambda: 2 },
  ...(['base', 'guided', 'exact-linear-tilt'] as const).flatMap((proposal) =>
    (['diff', 'max', 'sum', 'immediate', 'twist-exact'] as const).map((potential): SamplerSpec => ({
      kind: 'smc',
      lambda: 0.7,
      proposal,
      potential,
      resampling: 'systematic',
      essThreshold: 0.5,
      resampleEvery: 1,
      potentialsAt: 'every-step',
      tempering: { kind: 'none' },
    })),
  ),
];

function formulas(): string[] {
  const notes = SAMPLER_VIEWS.map((v) => v.notes.formula);
  const phases = SPECS.flatMap((spec) =>
    samplerView(spec.kind)
      .phases(spec, stats, 10, 1000)
      .map((p) => p.tex),
  );
  return [...new Set([...notes, ...phases])];
}

describe('typeset', () => {
  it('gives MathML with no style attribute and no error for every formula on the page', () => {
    const all = formulas();
    expect(all.length).toBeGreaterThan(8);
    for (const tex of all) {
      const html = typeset(katex, tex);
      expect(html, tex).toMatch(/^<span class="katex"><math [^>]*display="block"/);
      expect(html, tex).not.toMatch(/\sstyle=/);
      expect(html, tex).not.toMatch(/katex-error|katex-html/);
    }
  });

  it('writes a superscript as <msup>, laid out by the browser', () => {
    expect(typeset(katex, 'e^{r/\\lambda}')).toMatch(
      /<msup><mi>e<\/mi><mrow><mi>r<\/mi><mi mathvariant="normal">\/<\/mi><mi>λ<\/mi><\/mrow><\/msup>/,
    );
  });
});
