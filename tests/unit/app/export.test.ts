// The page's export formats (src/app/export): per-step CSV, the whole-run JSON file and its validated read-back,
// and the "hide controls" link parameter. Pure functions: run in Node on a real (tiny) run's output.
import '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/core/run';
import type { RunResult } from '../../../src/core/run';
import { parseScenario } from '../../../src/core/scenario';
import { genealogyToCsv, SMC_COLUMNS, statsToCsv, STATS_COLUMNS } from '../../../src/app/export/statsCsv';
import { buildRunFile, parseRunFile } from '../../../src/view/runFile';
import { readHiddenPanels, writeHiddenPanels } from '../../../src/app/export/hiddenPanels';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario';

const SCENARIO = parseScenario({
  ...DEFAULT_SCENARIO,
  sampler: { kind: 'smc', lambda: 0.7 },
  particles: 32,
  steps: 6,
  seed: 5,
});

let result: RunResult;

beforeAll(async () => {
  result = await runScenario(SCENARIO);
});

function fileText(mutate?: (file: Record<string, unknown>) => void): string {
  const samples = Float32Array.from(result.samples.flat());
  const file = buildRunFile(SCENARIO, null, [
    { lane: 'a', scenario: SCENARIO, backend: result.backend, exact: null, steps: result.steps, summary: result.summary, samples },
  ]) as unknown as Record<string, unknown>;
  const copy = JSON.parse(JSON.stringify(file)) as Record<string, unknown>;
  mutate?.(copy);
  return JSON.stringify(copy);
}

describe('ancestors CSV', () => {
  it('one row per particle, one column per resampling, headed by its step', () => {
    const g = { steps: [4, 1], ancestors: [Int32Array.from([0, 0, 2]), Int32Array.from([1, 2, 2])] };
    expect(genealogyToCsv(g, 3)).toBe('particle,k=4,k=1\n0,0,1\n1,0,2\n2,2,2\n');
  });
});

describe('statistics CSV', () => {
  it('has a header naming every column and one row per step, nulls as empty cells', () => {
    const csv = statsToCsv(result.steps).trimEnd().split('\n');
    // An SMC run adds β, the conditional ESS and the distinct ancestors after each resampling.
    expect(csv[0]).toBe([...STATS_COLUMNS, ...SMC_COLUMNS].join(','));
    expect(csv).toHaveLength(SCENARIO.steps + 1);
    const first = csv[1].split(',');
    expect(first).toHaveLength(STATS_COLUMNS.length + SMC_COLUMNS.length);
    expect(Number(first[8])).toBe(1);
    // Other samplers keep the plain columns.
    const { beta: _b, cess: _c, unique: _u, ...plain } = result.steps[0];
    expect(statsToCsv([plain]).split('\n')[0]).toBe(STATS_COLUMNS.join(','));
    expect(Number(first[1])).toBe(result.steps[0].k);
    expect(Number(first[3])).toBe(result.steps[0].meanReward);
    expect(['0', '1']).toContain(first[7]);
    const withNull = statsToCsv([{ ...result.steps[0], logWeightVar: null, ess: null }]).split('\n')[1].split(',');
    expect(withNull[4]).toBe('');
    expect(withNull[6]).toBe('');
  });
});

describe('run file', () => {
  it('round-trips: what is read back equals what was written', () => {
    const read = parseRunFile(fileText());
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.file.scenario).toEqual(SCENARIO);
    expect(read.file.runs[0].steps).toEqual(result.steps);
    expect(read.file.runs[0].summary.meanReward).toBe(result.summary.meanReward);
    expect(read.file.runs[0].samples).toHaveLength(SCENARIO.particles);
  });

  it('carries an SMC run’s genealogy through the file', () => {
    const genealogy = { steps: [4, 1], ancestors: [Array.from({ length: 32 }, (_, i) => i >> 1), Array.from({ length: 32 }, (_, i) => 31 - i)] };
    const read = parseRunFile(fileText((f) => ((f.runs as Array<Record<string, unknown>>)[0].genealogy = genealogy)));
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.file.runs[0].genealogy).toEqual(genealogy);
  });

  it.each([
    ['not JSON', () => '{"format": "tiltlab-run",', /not valid JSON/],
    ['another format', () => fileText((f) => (f.format = 'other')), /^format: /],
    ['a bad λ', () => fileText((f) => ((f.scenario as { sampler: { lambda: number } }).sampler.lambda = -1)), /^scenario\.sampler\.lambda: /],
    [
      'a step count that disagrees with the scenario',
      () => fileText((f) => (f.runs as Array<{ steps: unknown[] }>)[0].steps.pop()),
      /^runs\[0\]\.steps: 5 rows for a 6-step scenario/,
    ],
    ['a non-number sample', () => fileText((f) => ((f.runs as Array<{ samples: unknown[][] }>)[0].samples[0][0] = null)), /^runs\[0\]\.samples\[0\]\[0\]: /],
    ['a lane b without a compare sampler', () => fileText((f) => ((f.runs as Array<{ lane: string }>)[0].lane = 'b')), /lane "b" run needs a compare sampler/],
    ['an ancestor index out of range', () => fileText((f) => ((f.runs as Array<Record<string, unknown>>)[0].genealogy = { steps: [3], ancestors: [new Array(32).fill(40)] })), /^runs\[0\]\.genealogy\.ancestors\[0\]: expected 32 indices below 32/],
    ['ancestor lists that disagree with the steps', () => fileText((f) => ((f.runs as Array<Record<string, unknown>>)[0].genealogy = { steps: [3, 2], ancestors: [new Array(32).fill(0)] })), /^runs\[0\]\.genealogy: 2 steps but 1 ancestor lists/],
  ])('rejects %s, naming where', (_name, text, message) => {
    const read = parseRunFile(text());
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toMatch(message);
  });
});

describe('hide-controls link parameter', () => {
  it('reads known panels, reports unknown ones and writes them back with other parameters kept', () => {
    const read = readHiddenPanels('?hide=model,bogus,model');
    expect(read.hidden).toEqual(['model']);
    expect(read.problem).toMatch(/^hide: unknown panel "bogus" ignored/);
    expect(readHiddenPanels('?x=1').hidden).toEqual([]);
    expect(writeHiddenPanels('?embed&x=1', ['model'])).toBe('?embed&x=1&hide=model');
    expect(writeHiddenPanels('?hide=model', [])).toBe('');
  });
});
