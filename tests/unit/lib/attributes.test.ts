// The figure library's pure parts (src/lib): reading <tilt-lab>'s attributes, the state word, the models' base
// URL (relative or absolute), and a src file read as a scenario or as a saved run.
import { describe, expect, it } from 'vitest';
import { parseFigureAttributes } from '../../../src/lib/attributes';
import type { FigureAttribute } from '../../../src/lib/attributes';
import { resolveModelsBaseUrl } from '../../../src/lib/options';
import { figureState } from '../../../src/lib/state';
import type { StateInput } from '../../../src/lib/state';
import { readSourceText } from '../../../src/lib/loadSource';

const attrs = (a: Partial<Record<FigureAttribute, string>>) => parseFigureAttributes((name) => a[name] ?? null);

describe('<tilt-lab> attributes', () => {
  it('reads a scenario and the switches (present = on, "true"/"false" also accepted)', () => {
    const r = attrs({ scenario: '{"model":{"kind":"mlp","name":"moons"}}', autoplay: '', loop: 'false', controls: 'controls' });
    expect(r).toEqual({ ok: true, source: { kind: 'scenario', input: { model: { kind: 'mlp', name: 'moons' } } }, options: { autoplay: true, loop: false, controls: true, modelsBaseUrl: undefined } });
    expect(attrs({ src: ' run.json ', 'models-base-url': '/models/' })).toMatchObject({ ok: true, source: { kind: 'src', url: 'run.json' }, options: { autoplay: false, modelsBaseUrl: '/models/' } });
  });

  it('names what is wrong', () => {
    expect(attrs({})).toEqual({ ok: false, problem: expect.stringMatching(/^needs a scenario attribute/) });
    expect(attrs({ scenario: '{}', src: 'a.json' })).toEqual({ ok: false, problem: 'give either a scenario attribute or a src attribute, not both' });
    expect(attrs({ scenario: '{}', loop: 'yes' })).toEqual({ ok: false, problem: expect.stringMatching(/^loop: "yes" is not a switch value/) });
    const bad = attrs({ scenario: '{\n "model": oops}' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toMatch(/^scenario: not valid JSON — Unexpected token/);
  });
});

describe('modelsBaseUrl', () => {
  const page = 'https://blog.example.org/posts/tilt.html';
  const lib = 'https://cdn.example.org/tiltlab/tiltlab.js';
  it('defaults to models/ beside the library', () => expect(resolveModelsBaseUrl(undefined, page, lib)).toBe('https://cdn.example.org/tiltlab/models/'));
  it('reads a relative one against the page, and ends it with a slash', () => {
    expect(resolveModelsBaseUrl('/models', page, lib)).toBe('https://blog.example.org/models/');
    expect(resolveModelsBaseUrl('../assets/models/', page, lib)).toBe('https://blog.example.org/assets/models/');
  });
  it('keeps an absolute one', () => expect(resolveModelsBaseUrl('https://x.example/m/', page, lib)).toBe('https://x.example/m/'));
});

describe('the state word', () => {
  const base: StateInput = { started: true, error: null, phase: 'preview', playing: false, heldOffScreen: false, status: 'done', cursor: 9, frameCount: 10 };
  it.each<[Partial<StateInput>, string]>([
    [{ started: false, status: 'idle' }, 'idle'],
    [{ status: 'running' }, 'loading'],
    [{ playing: true }, 'loading'],
    [{}, 'done'],
    [{ heldOffScreen: true }, 'paused'],
    [{ phase: 'live', playing: true, status: 'running' }, 'running'],
    [{ phase: 'live', cursor: 3 }, 'paused'],
    [{ phase: 'live' }, 'done'],
    [{ phase: 'live', error: 'boom' }, 'error'],
    [{ status: 'error' }, 'error'],
  ])('%o → %s', (patch, want) => expect(figureState({ ...base, ...patch })).toBe(want));
});

describe('a src file', () => {
  it('is a scenario unless it says it is a saved run', () => {
    expect(readSourceText('{"model":{"kind":"mlp","name":"moons"}}', 'a.json')).toEqual({ ok: true, scenario: { model: { kind: 'mlp', name: 'moons' } }, cached: null });
    expect(readSourceText('[1]', 'a.json')).toEqual({ ok: false, problem: 'src: a.json holds no scenario object' });
    expect(readSourceText('{', 'a.json')).toMatchObject({ ok: false, problem: expect.stringMatching(/^src: a.json is not JSON/) });
    expect(readSourceText('{"format":"tiltlab-run","version":1}', 'r.json')).toMatchObject({ ok: false, problem: expect.stringMatching(/^src: r.json is not a readable saved run: /) });
  });
});
