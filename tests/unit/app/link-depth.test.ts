/**
 * A link nested far deeper than any scenario (`#scenario=` + "[" × 5000 + "]" × 5000) used to overflow the stack of
 * postMessage and leave a blank page: the nesting is now measured without recursion and such a link is refused by
 * name, before anything walks it.
 */
import { describe, expect, it } from 'vitest';
import { hashParam, jsonNestingDepth, MAX_LINK_CHARS, MAX_LINK_DEPTH, rawLinkScenario } from '../../../src/app/linkParams';
import { readUrlState } from '../../../src/app/urlState';

describe('link nesting', () => {
  it('counts the depth of arrays and objects, ignoring brackets inside strings', () => {
    expect(jsonNestingDepth('1')).toBe(0);
    expect(jsonNestingDepth('{"a":[1,[2]]}')).toBe(3);
    expect(jsonNestingDepth('{"expr":"[[[[{{{{"}')).toBe(1);
    expect(jsonNestingDepth('{"expr":"a\\"[[[["}')).toBe(1);
    expect(jsonNestingDepth('['.repeat(5000) + ']'.repeat(5000))).toBe(5000);
  });

  it('a real scenario is well within the limit', () => {
    const scenario = { model: { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [[[1, 0], [0, 1]]] }, reward: { kind: 'linear', theta: [1, 0] }, sampler: { kind: 'base' } };
    expect(jsonNestingDepth(JSON.stringify(scenario))).toBe(5); // scenario → model → covs → one covariance → one row
    expect(rawLinkScenario(`#scenario=${encodeURIComponent(JSON.stringify(scenario))}`)).toEqual(scenario);
  });

  it('a link nested 5000 deep is not handed on, and the page reports it by name and opens the default', () => {
    const hash = `#scenario=${'%5B'.repeat(5000)}${'%5D'.repeat(5000)}`;
    expect(rawLinkScenario(hash)).toBeUndefined();
    const state = readUrlState(hash);
    expect(state.scenario).toBeNull();
    expect(state.problems).toEqual([{ field: 'link', problem: `the scenario nests deeper than ${MAX_LINK_DEPTH} levels (a scenario nests 5)` }]);
  });
});

describe('the link scenario parameter', () => {
  const link = (json: string) => `#scenario=${encodeURIComponent(json)}`;

  it('is absent (undefined) when the link has no scenario or it is not JSON', () => {
    expect(rawLinkScenario('')).toBeUndefined();
    expect(rawLinkScenario('#panels=controls')).toBeUndefined();
    expect(rawLinkScenario(link('{"model":'))).toBeUndefined();
  });

  it('is read among other parameters, with or without the leading #', () => {
    expect(rawLinkScenario(`#panels=controls&scenario=${encodeURIComponent('{"seed":3}')}`)).toEqual({ seed: 3 });
    expect(hashParam('panels=a&seed=4', 'seed')).toBe('4');
    // A "#" inside a value is the value's own (only one leading "#" is the hash's).
    expect(hashParam('#seed=4#5', 'seed')).toBe('4#5');
    expect(hashParam('seed=4#5', 'seed')).toBe('4#5');
  });

  it('may be exactly 64 KiB long, not one character more', () => {
    const pad = (total: number) => `{"a":"${'x'.repeat(total - 8)}"}`;
    expect(pad(MAX_LINK_CHARS)).toHaveLength(65536);
    expect(rawLinkScenario(link(pad(65536)))).toEqual({ a: 'x'.repeat(65528) });
    expect(rawLinkScenario(link(pad(65537)))).toBeUndefined();
  });

  it('may nest exactly 32 levels, not 33', () => {
    const nest = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(rawLinkScenario(link(nest(32)))).toEqual(JSON.parse(nest(32)));
    expect(rawLinkScenario(link(nest(33)))).toBeUndefined();
  });
});
