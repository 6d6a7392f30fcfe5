// "Embed this figure" (src/app/export/embedSnippet.ts): the element snippet loads the library from the app's
// lib/ folder and carries the scenario as JSON in a single-quoted attribute that reads back to the same
// scenario whatever its text holds; the iframe snippet has a title, loading="lazy" and the ?embed link.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, parseScenario } from '../../../src/core/scenario';
import type { Scenario } from '../../../src/core/scenario';
import { embedSnippets, escapeDoubleQuoted, escapeSingleQuoted } from '../../../src/app/export/embedSnippet';
import { readUrlState } from '../../../src/app/urlState';

const APP = 'https://lab.example.org/tilt/index.html?x=1#scenario=old';
const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('embed snippets', () => {
  const scenario = parseScenario({ ...DEFAULT_SCENARIO, reward: { kind: 'formula', expr: '-(x-1)^2 + sin(3*y)' }, sampler: { kind: 'kl-tilt', lambda: 0.5 } });

  it('the element snippet: module script from the app’s lib/ folder, then <tilt-lab> with the scenario', () => {
    const { element } = embedSnippets(scenario, null, APP);
    const [script, tag] = element.split('\n');
    expect(script).toBe('<script type="module" src="https://lab.example.org/tilt/lib/tiltlab.js"></script>');
    const m = /^<tilt-lab scenario='([^']*)' autoplay controls><\/tilt-lab>$/.exec(tag);
    expect(m).not.toBeNull();
    expect(JSON.parse(unescape(m![1]))).toEqual(scenario);
  });

  it('escapes the attribute so that quotes, ampersands and angle brackets survive', () => {
    const tricky = { ...scenario, model: { kind: 'mlp', name: "it's <b> & \"x\"" } } as unknown as Scenario;
    const { element } = embedSnippets(tricky, null, APP);
    const value = /scenario='([^']*)'/.exec(element)![1];
    expect(value).not.toMatch(/[<>']/);
    expect(value).toContain('it&#39;s &lt;b&gt; &amp; \\"x\\"');
    expect(JSON.parse(unescape(value))).toEqual(tricky);
    expect(escapeSingleQuoted(`a'b&c<d>`)).toBe('a&#39;b&amp;c&lt;d&gt;');
    expect(escapeDoubleQuoted(`a"b&c<d>`)).toBe('a&quot;b&amp;c&lt;d&gt;');
  });

  it('the iframe snippet: ?embed link to the scenario (and compare sampler), a title, lazy loading', () => {
    const compare = { kind: 'smc', lambda: 0.5 } as Scenario['sampler'];
    const { iframe } = embedSnippets(scenario, compare, APP);
    expect(iframe).toMatch(/^<iframe src="[^"]+" title="[^"]+" width="480" height="400" loading="lazy" style="border: 0; max-width: 100%"><\/iframe>$/);
    const src = unescape(/src="([^"]+)"/.exec(iframe)![1]);
    const url = new URL(src);
    expect(url.origin + url.pathname).toBe('https://lab.example.org/tilt/');
    expect(url.search).toBe('?embed');
    const state = readUrlState(url.hash);
    expect(state.problems).toEqual([]);
    expect(state.scenario).toEqual(scenario);
    expect(state.compare).toMatchObject(compare);
    // The & between the hash's parameters is written &amp; inside the attribute.
    expect(iframe).toContain('&amp;compare=');
    const title = unescape(/title="([^"]+)"/.exec(iframe)![1]);
    expect(title).toMatch(/^Tilt Lab: KL-tilt .* vs SMC/);
  });
});
