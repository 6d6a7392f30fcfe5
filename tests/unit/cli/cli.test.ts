/**
 * The real `sample` CLI, run as a child process exactly as a user runs it (tsx on src/cli/sample.ts — the binary
 * `npx tsx` resolves to, called directly so that npm's own notices cannot mix into stderr):
 * - analytic GMM + linear reward + KL-tilt at N = 4096: the JSON has the documented shape and the sample mean
 *   matches the closed-form tilted mean (§2.3 (i)) within 4 standard errors (§7);
 * - bad input exits 2 with exactly one line `error: <field>: <problem>` on stderr; a run that produces NaN exits 1.
 * The JSON-error locator behind the "json" field is checked directly as well.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateJsonError, parseJsonText } from '../../../src/core/run/parseJson';
import type { GmmSpec } from '../../../src/core/types';
import { drawGmmRef, energyDistanceRef } from '../energyDistanceRef';
import { FIXTURE_GMM, FIXTURE_LINEAR, gmmMoments, meanTolerance } from '../fixtures';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'tiltlab-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sample(args: string[], stdin?: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/sample.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

function writeScenario(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** §2.3 (i): q ∝ p·e^{θ·x}, θ = a/λ: μ_k' = μ_k + S_kθ, S_k' = S_k, π_k' ∝ π_k exp(θ·μ_k + ½θᵀS_kθ). */
function linearTilt(spec: GmmSpec, a: [number, number], lambda: number): { spec: GmmSpec; logZ: number } {
  const th = [a[0] / lambda, a[1] / lambda];
  const logz = spec.weights.map((w, k) => {
    const [m, S] = [spec.means[k], spec.covs[k]];
    const quad = th[0] * (S[0][0] * th[0] + S[0][1] * th[1]) + th[1] * (S[1][0] * th[0] + S[1][1] * th[1]);
    return Math.log(w) + th[0] * m[0] + th[1] * m[1] + 0.5 * quad;
  });
  const max = Math.max(...logz);
  const total = logz.reduce((s, v) => s + Math.exp(v - max), 0);
  return {
    logZ: max + Math.log(total),
    spec: {
      weights: logz.map((v) => Math.exp(v - max) / total),
      means: spec.means.map((m, k) => {
        const S = spec.covs[k];
        return [m[0] + S[0][0] * th[0] + S[0][1] * th[1], m[1] + S[1][0] * th[0] + S[1][1] * th[1]];
      }),
      covs: spec.covs,
    },
  };
}

const FIXTURE_SCENARIO = {
  model: { kind: 'gmm', ...FIXTURE_GMM },
  reward: { kind: 'linear', theta: FIXTURE_LINEAR.theta },
  sampler: { kind: 'kl-tilt', lambda: FIXTURE_LINEAR.lambda, method: 'auto' },
  particles: 4096,
  steps: 100,
  seed: 11,
};

describe('sample CLI (real binary)', () => {
  it('prints the documented JSON and its sample mean matches the closed-form tilted mean (4 SE)', async () => {
    const file = writeScenario('tilt.json', FIXTURE_SCENARIO);
    const r = await sample([file]);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['backend', 'samples', 'scenario', 'steps', 'summary']);
    expect(out.backend).toBe('wasm');
    expect(out.scenario).toMatchObject(FIXTURE_SCENARIO);
    expect(out.scenario.eta).toBe(1);
    expect(out.samples).toHaveLength(4096);
    for (const p of out.samples) {
      expect(p).toHaveLength(2);
      expect(Number.isFinite(p[0]) && Number.isFinite(p[1])).toBe(true);
    }
    expect(out.steps).toHaveLength(100);
    expect(out.steps.map((s: { k: number }) => s.k)).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));
    for (const s of out.steps) expect(Object.keys(s).sort()).toEqual(['ess', 'k', 'logWeightVar', 'logWeightVarCum', 'meanReward', 'resampled', 't']);
    const sm = out.summary;
    expect(typeof sm.method).toBe('string');
    expect(sm.backend).toBe('wasm');
    expect(sm.ms).toBeGreaterThan(0);
    expect(sm.msPerStep).toBeCloseTo(sm.ms / 100, 9);

    const q = linearTilt(FIXTURE_GMM, FIXTURE_LINEAR.theta, FIXTURE_LINEAR.lambda);
    const { mean, cov } = gmmMoments(q.spec);
    expect(sm.logZ).toBeCloseTo(q.logZ, 6);
    // E_q r = a·E_q x for a linear reward.
    expect(sm.exactMeanReward).toBeCloseTo(FIXTURE_LINEAR.theta[0] * mean[0] + FIXTURE_LINEAR.theta[1] * mean[1], 6);
    // The reported distance is to q: the same samples are much farther from q moved 3 to the right (a reference
    // estimator on independent exact draws, so that neither the project's estimator nor its sampler judges itself).
    const shifted = energyDistanceRef(out.samples.flat(), drawGmmRef(q.spec, 1024, 7, [3, 0]));
    expect(sm.energyDistance).toBeLessThan(shifted);
    expect(typeof sm.target).toBe('string');

    const n = out.samples.length;
    const m = [0, 1].map((j) => out.samples.reduce((s: number, p: number[]) => s + p[j], 0) / n);
    const tol = meanTolerance(cov, n);
    const err = Math.hypot(m[0] - mean[0], m[1] - mean[1]);
    console.info(`CLI kl-tilt N=${n}: mean (${m[0].toFixed(4)}, ${m[1].toFixed(4)}) vs exact (${mean[0].toFixed(4)}, ${mean[1].toFixed(4)}): error ${err.toFixed(4)}, tolerance (4 SE) ${tol.toFixed(4)}`);
    expect(err).toBeLessThan(tol);
  });

  it('reads the scenario from stdin with "-", on the cpu backend, and --pretty prints the same object', async () => {
    const small = { ...FIXTURE_SCENARIO, particles: 16, steps: 4 };
    const compact = await sample(['-', '--backend', 'cpu'], JSON.stringify(small));
    expect(compact.code).toBe(0);
    const pretty = await sample(['-', '--backend=cpu', '--pretty'], JSON.stringify(small));
    expect(pretty.code).toBe(0);
    expect(pretty.stdout.split('\n').length).toBeGreaterThan(10);
    const a = JSON.parse(compact.stdout);
    const b = JSON.parse(pretty.stdout);
    expect(a.backend).toBe('cpu');
    expect(b.samples).toEqual(a.samples);
    expect(b.steps).toEqual(a.steps);
  });

  it('a valid run that produces NaN exits 1 with one clear line and no JSON', async () => {
    const nan = { ...FIXTURE_SCENARIO, reward: { kind: 'formula', expr: 'x + sqrt(-1)' }, sampler: { kind: 'base' }, particles: 16, steps: 4 };
    const r = await sample([writeScenario('nan.json', nan), '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: run: .*non-finite/);
  });

  const BAD: Array<[string, () => string[], RegExp]> = [
    ['a file that does not exist', () => [path.join(dir, 'missing.json')], /^error: file: cannot read ".*missing\.json": .+$/],
    ['malformed JSON', () => [writeScenario('bad.json', '{\n  "model": {"kind": "gmm"},\n  "reward": ,\n}')], /^error: json: line 3, column 13: .+$/],
    ['a schema problem', () => [writeScenario('lambda.json', { ...FIXTURE_SCENARIO, sampler: { kind: 'kl-tilt', lambda: -1 } })], /^error: sampler\.lambda: .+$/],
    ['an unknown key', () => [writeScenario('key.json', { ...FIXTURE_SCENARIO, colour: 'red' })], /^error: scenario: unknown field\(s\) "colour"$/],
    [
      'an unknown model name',
      () => [writeScenario('model.json', { ...FIXTURE_SCENARIO, model: { kind: 'mlp', name: 'no-such-model' }, particles: 16, steps: 4 })],
      /^error: model\.name: .*no-such-model.*$/,
    ],
    ['an unknown option', () => ['--colour', 'x.json'], /^error: args: unknown option --colour.*$/],
    ['a bad backend', () => [writeScenario('ok.json', FIXTURE_SCENARIO), '--backend', 'webgpu'], /^error: args: --backend must be wasm or cpu.*$/],
  ];

  it.each(BAD)('%s → exit 2 and one error line', async (_what, argv, pattern) => {
    const r = await sample(argv());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });
});

describe('JSON error location', () => {
  it.each([
    ['{"a":}', 1, 6],
    ['{\n "a": 1,\n}', 3, 1],
    ['{"a": 1', 1, 8],
    ['[1, 2,, 3]', 1, 7],
    ['{"a": tru}', 1, 7],
    ['{"a": "x\ny"}', 1, 9],
    ['{"a": 1} x', 1, 10],
    ['', 1, 1],
    ['{"a": -}', 1, 7],
  ])('%j → line %i, column %i', (text, line, column) => {
    const where = locateJsonError(text);
    expect([where.line, where.column]).toEqual([line, column]);
    expect(() => parseJsonText(text)).toThrow(new RegExp(`^json: line ${line}, column ${column}: `));
  });

  it('parses valid JSON as JSON.parse does', () => {
    const text = '{"a": [1, -2.5e3, true, null, "\\u00e9\\n"], "b": {}}';
    expect(parseJsonText(text)).toEqual(JSON.parse(text));
  });
});
