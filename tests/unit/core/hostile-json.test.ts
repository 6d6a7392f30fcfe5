/**
 * Seeded fuzz of every JSON input with hostile texts: deep nesting placed anywhere in a valid scenario, huge
 * strings, huge and odd numbers. Through each reader — a scenario or job file (parseJsonText, the CLI's path), a
 * link (readUrlState), a run file (parseRunFile), a model file (readModelFile) — every text is either accepted or
 * refused with a message naming a field; nothing overflows the stack or throws anything else.
 */
import { describe, expect, it } from 'vitest';
import { checkJsonText, jsonNestingDepth } from '../../../src/core/jsonGuard';
import { Rng } from '../../../src/core/rng';
import { INPUT_JSON_LIMITS, parseJsonText } from '../../../src/core/run/parseJson';
import { validateScenario } from '../../../src/core/scenario';
import { FieldError } from '../../../src/core/types';
import { parseRunFile } from '../../../src/view/runFile';
import { readModelFile } from '../../../src/app/storage/modelFile';
import { readUrlState } from '../../../src/app/urlState';

const CASES = 300;

const VALID = {
  model: {
    kind: 'gmm',
    weights: [0.5, 0.5],
    means: [
      [-2, 0],
      [2, 0],
    ],
    covs: [
      [
        [0.3, 0],
        [0, 0.3],
      ],
      [
        [0.3, 0],
        [0, 0.3],
      ],
    ],
  },
  reward: { kind: 'formula', expr: '-(x-1)^2' },
  sampler: { kind: 'smc', lambda: 0.7 },
  particles: 64,
  steps: 8,
  seed: 3,
};

const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '1e308',
  '9007199254740993',
  '1' + '0'.repeat(400),
  '-0',
  '4.9e-324',
  '1e-400',
  '123456789012345678901234567890.5',
];

/** The valid scenario's JSON with one hostile piece put in place of a random value. */
function hostileText(rng: Rng): { text: string; kind: string } {
  const text = JSON.stringify(VALID);
  // Positions of values: after a ':' or '[' or ','.
  const spots = [...text.matchAll(/[:[,](?=[-\d"[{tfn])/g)].map((m) => m.index + 1);
  const at = spots[rng.int(spots.length)];
  // The value at `at` runs to the next ',' ']' or '}' at the same depth; replacing just its first token keeps it
  // simple and still lands the piece anywhere (the rest may then be malformed, which must also be named).
  const end = at + (/^("[^"]*"|[-\d.eE+]+|true|false|null)/.exec(text.slice(at))?.[0].length ?? 0);
  const kind = rng.int(3);
  let piece: string;
  if (kind === 0) {
    const depth = pickDepth(rng);
    const open = rng.uniform() < 0.5 ? '[' : '{"a":';
    piece = open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth);
  } else if (kind === 1) piece = JSON.stringify('x'.repeat([1e3, 1e5, 1e6][rng.int(3)]));
  else piece = HUGE_NUMBERS[rng.int(HUGE_NUMBERS.length)];
  return { text: text.slice(0, at) + piece + text.slice(end), kind: ['deep', 'huge string', 'huge number'][kind] };
}

function pickDepth(rng: Rng): number {
  return [3, 40, 70, 500, 5000, 100_000][rng.int(6)];
}

/** A scenario file (the CLI's path): parsed with its limits, then validated. Returns the named field. */
function throughScenarioFile(text: string): string {
  try {
    const v = validateScenario(parseJsonText(text));
    return v.ok ? 'ok' : v.problems[0].field;
  } catch (e) {
    if (e instanceof FieldError) return e.field;
    throw e;
  }
}

describe(`hostile JSON: ${CASES} seeded texts through every reader`, () => {
  it('a scenario file is accepted or refused by a named field; deep nesting is refused before parsing', () => {
    const rng = new Rng(13, 'hostile-json');
    const seen = new Set<string>();
    for (let i = 0; i < CASES; i++) {
      const { text, kind } = hostileText(rng);
      const field = throughScenarioFile(text);
      expect(field.length, `case ${i} (${kind})`).toBeGreaterThan(0);
      if (jsonNestingDepth(text) > INPUT_JSON_LIMITS.maxDepth) expect(field, `case ${i}`).toBe('json');
      seen.add(kind);
    }
    expect([...seen].sort()).toEqual(['deep', 'huge number', 'huge string']);
  });

  it('a link is read without throwing: accepted, repaired or refused with named problems', () => {
    const rng = new Rng(14, 'hostile-json');
    for (let i = 0; i < CASES; i++) {
      const { text, kind } = hostileText(rng);
      const state = readUrlState(`#scenario=${encodeURIComponent(text)}`);
      for (const p of state.problems) expect(p.field.length, `case ${i} (${kind})`).toBeGreaterThan(0);
      expect(state.scenario !== null || state.problems.length > 0, `case ${i}`).toBe(true);
    }
  });

  it('a run file and a model file with hostile content are refused with a message, never a throw', () => {
    const rng = new Rng(15, 'hostile-json');
    for (let i = 0; i < CASES / 3; i++) {
      const { text } = hostileText(rng);
      const run = parseRunFile(`{"format":"tiltlab-run","version":1,"scenario":${text}}`);
      expect(run.ok).toBe(false);
      if (!run.ok) expect(run.problem.length).toBeGreaterThan(0);
      expect(() =>
        readModelFile(`{"format":"tiltlab-model","version":1,"name":"a","label":"a","savedAt":0,"model":${text}}`),
      ).toThrow(FieldError);
    }
  });

  it('5,000-deep and 100,000-deep texts are refused by name in every reader', () => {
    for (const depth of [5000, 100_000]) {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      expect(() => parseJsonText(deep)).toThrow(new FieldError('json', 'nested deeper than 64 levels'));
      expect(readUrlState(`#scenario=${encodeURIComponent(deep)}`).problems[0].field).toBe('link');
      const run = parseRunFile(deep);
      expect(run).toEqual({ ok: false, problem: 'file: nested deeper than 32 levels' });
      expect(() => readModelFile(deep)).toThrow(new FieldError('model file', 'nested deeper than 64 levels'));
    }
  });

  it('a text longer than the limit is refused by its size, before its depth is measured', () => {
    expect(() => checkJsonText('x'.repeat(2049), { field: 'f', maxDepth: 1, maxChars: 2048 })).toThrow(
      new FieldError('f', 'is 2 kB, more than the 2 kB allowed'),
    );
    const link = readUrlState(
      `#scenario=${encodeURIComponent(JSON.stringify({ ...VALID, reward: { kind: 'formula', expr: 'x'.repeat(70_000) } }))}`,
    );
    expect(link.problems[0].field).toBe('link');
    expect(link.problems[0].problem).toMatch(/more than the 64 kB a link may carry/);
  });
});
