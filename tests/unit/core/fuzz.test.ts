/**
 * Seeded fuzz of the scenario contract: 1,000 random mutations of valid scenarios and formulas. Each one is either
 * rejected with a FieldError that names a field, or runs (at tiny sizes: particles ≤ 16, steps ≤ 4) to finite
 * output, or — for a formula reward that leaves its domain, e.g. log of a negative number — stops with the run's
 * NonFiniteError. Nothing else may be thrown, nothing may hang, no NaN may come out, and no tensor may leak.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers tfjs gradients in Node (guidance and formula rewards use tf.grad)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GmmDenoiser } from '../../../src/core/models/gmm';
import { Rng } from '../../../src/core/rng';
import { runScenario } from '../../../src/core/run';
import type { RunResult } from '../../../src/core/run';
import { NonFiniteError } from '../../../src/core/samplers/common';
import { parseScenario, validateScenario } from '../../../src/core/scenario';
import type { Denoiser } from '../../../src/core/types';
import { FieldError } from '../../../src/core/types';
import { FIXTURE_GMM } from '../fixtures';

type Json = unknown;
const CASES = 1000;
const CHUNK = 100;

// ---------------------------------------------------------------------------------------------------- generators

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];
const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.uniform();
const round3 = (v: number) => Math.round(v * 1000) / 1000;

function spdMatrix(rng: Rng): number[][] {
  const a = between(rng, 0.05, 1);
  const d = between(rng, 0.05, 1);
  const c = between(rng, -0.9, 0.9) * Math.sqrt(a * d);
  return [
    [round3(a), round3(c)],
    [round3(c), round3(d)],
  ];
}

const FUNCTIONS1 = ['sin', 'cos', 'tan', 'atan', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid', 'softplus'];
const FUNCTIONS2 = ['pow', 'atan2', 'min', 'max'];
const OPERATORS = ['+', '-', '*', '/', '^'];

/** A random formula from the documented language (rewards/formula.ts). */
function formula(rng: Rng, depth = 0): string {
  const leafOnly = depth >= 3;
  const r = rng.uniform();
  if (leafOnly || r < 0.3) return pick(rng, ['x', 'y', 'pi', 'e', String(round3(between(rng, -3, 3))), '0.5', '2']);
  if (r < 0.55) return `${formula(rng, depth + 1)} ${pick(rng, OPERATORS)} ${formula(rng, depth + 1)}`;
  if (r < 0.75) return `${pick(rng, FUNCTIONS1)}(${formula(rng, depth + 1)})`;
  if (r < 0.85) return `${pick(rng, FUNCTIONS2)}(${formula(rng, depth + 1)}, ${formula(rng, depth + 1)})`;
  if (r < 0.93) return `-(${formula(rng, depth + 1)})`;
  return `(${formula(rng, depth + 1)})`;
}

/** A valid scenario (most of the time: a few random combinations break a cross-field rule, which is fine). */
function validScenario(rng: Rng): Record<string, Json> {
  const learned = rng.uniform() < 0.25;
  const K = 1 + rng.int(3);
  const kernel = pick(rng, ['ddpm', 'exact']);
  const model = learned
    ? { kind: 'mlp', name: 'stand-in' }
    : {
        kind: 'gmm',
        weights: Array.from({ length: K }, () => round3(between(rng, 0.1, 1))),
        means: Array.from({ length: K }, () => [round3(between(rng, -3, 3)), round3(between(rng, -3, 3))]),
        covs: Array.from({ length: K }, () => spdMatrix(rng)),
        kernel,
      };
  const rewardKind = pick(rng, ['linear', 'quadratic', 'max-linear', 'formula']);
  const vec = () => [round3(between(rng, -2, 2)), round3(between(rng, -2, 2))];
  const reward =
    rewardKind === 'linear'
      ? { kind: 'linear', theta: vec() }
      : rewardKind === 'quadratic'
        ? { kind: 'quadratic', A: rng.uniform() < 0.8 ? spdMatrix(rng) : [[-0.2, 0], [0, -0.1]], c: vec() }
        : rewardKind === 'max-linear'
          ? (() => {
              const m = 1 + rng.int(3);
              return { kind: 'max-linear', thetas: Array.from({ length: m }, vec), biases: Array.from({ length: m }, () => round3(between(rng, -1, 1))) };
            })()
          : { kind: 'formula', expr: formula(rng) };
  const lambda = round3(between(rng, 0.2, 5));
  const samplerKind = pick(rng, ['base', 'kl-tilt', 'w-prox', 'smc']);
  const sampler =
    samplerKind === 'base'
      ? { kind: 'base' }
      : samplerKind === 'kl-tilt'
        ? { kind: 'kl-tilt', lambda, method: pick(rng, ['auto', 'exact', 'guidance']) }
        : samplerKind === 'w-prox'
          ? { kind: 'w-prox', lambda }
          : {
              kind: 'smc',
              lambda,
              proposal: pick(rng, rewardKind === 'linear' ? ['base', 'guided', 'exact-linear-tilt'] : ['base', 'guided']),
              potential: pick(rng, !learned && (rewardKind === 'linear' || rewardKind === 'quadratic') ? ['diff', 'max', 'sum', 'immediate', 'twist-exact'] : ['diff', 'max', 'sum', 'immediate']),
              resampling: pick(rng, ['multinomial', 'stratified', 'systematic', 'residual', 'ssp', 'killing']),
              essThreshold: round3(rng.uniform()),
              resampleEvery: 1 + rng.int(3),
              potentialsAt: pick(rng, ['every-step', 'resampling-steps']),
              tempering: pick(rng, [{ kind: 'none' }, { kind: 'fixed', schedule: 'linear' }, { kind: 'fixed', schedule: 'geometric' }, { kind: 'adaptive', targetEss: 0.5 }]),
            };
  const eta = !learned && kernel === 'exact' ? 1 : samplerKind === 'smc' ? pick(rng, [1, 0.5]) : pick(rng, [1, 0.5, 0]);
  return { model, reward, sampler, particles: 1 + rng.int(16), steps: 2 + rng.int(3), seed: rng.int(1000), eta };
}

// ---------------------------------------------------------------------------------------------------- mutations

const JUNK: Json[] = [
  0, -1, 1, 0.5, 1e-9, -1e-9, 1e12, -1e12, 1e300, 2 ** 32, NaN, Infinity, -Infinity, '', 'x', 'gmm', 'kl-tilt', 'smc',
  null, true, false, [], {}, [1, 2], [[1, 0], [0, 1]], [0, 0], { kind: 'linear' }, undefined,
];
const KINDS = ['gmm', 'mlp', 'linear', 'quadratic', 'max-linear', 'formula', 'base', 'kl-tilt', 'w-prox', 'smc', 'bogus'];
const FORMULA_TOKENS = ['x', 'y', '(', ')', '+', '-', '*', '/', '^', ',', '.', 'e', 'pi', 'sin', 'log(', 'max(', '1e400', ' ', '$', '"', 'x.y', '[0]', 'constructor', '__proto__'];

type Container = Record<string, Json> | Json[];
const isContainer = (v: Json): v is Container => typeof v === 'object' && v !== null;

/** Every (container, key) slot in the tree, the root's own keys included. */
function slots(root: Container): Array<[Container, string | number]> {
  const out: Array<[Container, string | number]> = [];
  const walk = (c: Container) => {
    const keys: Array<string | number> = Array.isArray(c) ? c.map((_, i) => i) : Object.keys(c);
    for (const k of keys) {
      out.push([c, k]);
      const v = (c as Record<string | number, Json>)[k];
      if (isContainer(v)) walk(v);
    }
  };
  walk(root);
  return out;
}

function mutateFormula(rng: Rng, expr: string): string {
  const at = rng.int(expr.length + 1);
  switch (rng.int(4)) {
    case 0:
      return expr.slice(0, at) + pick(rng, FORMULA_TOKENS) + expr.slice(at);
    case 1:
      return expr.slice(0, at) + expr.slice(at + 1 + rng.int(3));
    case 2:
      return formula(rng);
    default:
      return expr.replace(/[a-z]+/, pick(rng, ['foo', 'sinh', 'Math', 'x', 'y', 'exp']));
  }
}

function mutate(rng: Rng, root: Record<string, Json>): void {
  const all = slots(root);
  const [c, k] = pick(rng, all);
  const obj = c as Record<string | number, Json>;
  const v = obj[k];
  switch (rng.int(8)) {
    case 0:
      obj[k] = structuredClone(pick(rng, JUNK));
      break;
    case 1: // remove the slot
      if (Array.isArray(c)) c.splice(k as number, 1);
      else delete obj[k];
      break;
    case 2: // duplicate an array entry or add an unknown key
      if (Array.isArray(c)) c.push(structuredClone(c[k as number]));
      else obj[`extra${rng.int(3)}`] = 1;
      break;
    case 3: // numeric perturbation
      if (typeof v === 'number') obj[k] = v * pick(rng, [-1, 0, 1e-3, 0.999, 10, 1e6]) + pick(rng, [0, 0, 1e-7, -0.5]);
      else obj[k] = structuredClone(pick(rng, JUNK));
      break;
    case 4: // swap a kind: fields of one variant under another
      if (k === 'kind' || rng.uniform() < 0.5) {
        const holder = isContainer(v) && !Array.isArray(v) ? (v as Record<string, Json>) : (c as Record<string, Json>);
        holder.kind = pick(rng, KINDS);
      } else obj[k] = structuredClone(pick(rng, JUNK));
      break;
    case 5: // formula edits (or turn the reward into a random formula)
      if (typeof root.reward === 'object' && root.reward !== null && (root.reward as Record<string, Json>).kind === 'formula') {
        const r = root.reward as Record<string, Json>;
        r.expr = mutateFormula(rng, typeof r.expr === 'string' ? r.expr : '');
      } else root.reward = { kind: 'formula', expr: mutateFormula(rng, formula(rng)) };
      break;
    case 6: // extreme but type-correct sizes and parameters
      root[pick(rng, ['particles', 'steps', 'seed', 'eta'])] = pick(rng, [0, 1, 2, 4, 16, 1000, 65536, 65537, -3, 0.25, 2 ** 32 - 1]);
      break;
    default: // extreme λ
      if (isContainer(root.sampler) && !Array.isArray(root.sampler)) (root.sampler as Record<string, Json>).lambda = pick(rng, [1e-6, 1e-3, 0.01, 1e6, 1e12, 0, -1]);
      else obj[k] = structuredClone(pick(rng, JUNK));
  }
}

// ---------------------------------------------------------------------------------------------------- checks

/** A learned-model stand-in: the GMM's ε without its `exact` field, so samplers take their learned-model paths. */
function standIn(): Denoiser {
  const gmm = new GmmDenoiser(FIXTURE_GMM);
  return { name: 'stand-in', eps: (x, t) => gmm.eps(x, t), x0: (x, t) => gmm.x0(x, t) };
}

async function loadModel(name: string): Promise<Denoiser> {
  if (name === 'stand-in') return standIn();
  throw new Error(`no model named "${name}"`);
}

function assertFiniteResult(r: RunResult, n: number): void {
  const bad: string[] = [];
  const finite = (v: unknown, where: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) bad.push(`${where} = ${String(v)}`);
  };
  r.samples.forEach((p, i) => (finite(p[0], `samples[${i}][0]`), finite(p[1], `samples[${i}][1]`)));
  r.steps.forEach((s, i) => {
    finite(s.meanReward, `steps[${i}].meanReward`);
    finite(s.t, `steps[${i}].t`);
    for (const key of ['logWeightVar', 'logWeightVarCum', 'ess'] as const) if (s[key] !== null) finite(s[key], `steps[${i}].${key}`);
    if (s.ess !== null && (s.ess < 1 - 1e-9 || s.ess > n + 1e-9)) bad.push(`steps[${i}].ess = ${s.ess} outside [1, ${n}]`);
  });
  for (const [key, v] of Object.entries(r.summary)) if (typeof v === 'number') finite(v, `summary.${key}`);
  r.logWeights?.forEach((w, i) => finite(w, `logWeights[${i}]`));
  if (r.samples.length !== n) bad.push(`${r.samples.length} samples for ${n} particles`);
  if (bad.length) throw new Error(`non-finite or inconsistent output: ${bad.slice(0, 5).join('; ')}`);
}

type Outcome = 'rejected' | 'ran' | 'non-finite';

async function fuzzCase(index: number): Promise<Outcome> {
  const rng = new Rng(index, 'fuzz');
  const input = validScenario(rng);
  const mutations = rng.int(4); // 0 keeps the valid scenario as it is
  for (let m = 0; m < mutations; m++) mutate(rng, input);
  const v = validateScenario(input);
  if (!v.ok) {
    expect(v.problems.length).toBeGreaterThan(0);
    for (const p of v.problems) {
      expect(p.field).toMatch(/^(scenario|[A-Za-z]+(\.[A-Za-z0-9]+)*)$/);
      expect(p.problem.length).toBeGreaterThan(3);
    }
    expect(() => parseScenario(input)).toThrow(FieldError);
    return 'rejected';
  }
  const tiny = { ...input, particles: Math.min(v.scenario.particles, 16), steps: Math.min(v.scenario.steps, 4) };
  try {
    const r = await runScenario(tiny, { loadModel, exactSampleCap: 16 });
    assertFiniteResult(r, tiny.particles);
    return 'ran';
  } catch (e) {
    if (e instanceof FieldError && e.field.length > 0 && e.problem.length > 0) return 'rejected';
    // Only a formula can leave its domain (log of a negative number, …); for the other rewards NaN is a bug.
    if (e instanceof NonFiniteError && v.scenario.reward.kind === 'formula') return 'non-finite';
    throw new Error(`fuzz case ${index}: ${e instanceof Error ? e.stack : String(e)}\nscenario: ${JSON.stringify(tiny)}`, { cause: e });
  }
}

describe(`fuzz: ${CASES} seeded mutations of valid scenarios`, () => {
  const counts: Record<Outcome, number> = { rejected: 0, ran: 0, 'non-finite': 0 };
  let before = 0;
  beforeAll(() => {
    before = tf.memory().numTensors;
  });
  afterAll(() => {
    console.info(`fuzz outcomes: ${JSON.stringify(counts)}`);
  });

  for (let start = 0; start < CASES; start += CHUNK) {
    it(`cases ${start}–${start + CHUNK - 1}: field-naming rejection or finite output`, async () => {
      for (let i = start; i < start + CHUNK; i++) counts[await fuzzCase(i)]++;
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('exercised both sides of the contract', () => {
    expect(counts.rejected + counts.ran + counts['non-finite']).toBe(CASES);
    expect(counts.ran).toBeGreaterThan(CASES / 5);
    expect(counts.rejected).toBeGreaterThan(CASES / 5);
  });
});
