/**
 * The Scenario: the one description of a run, shared by the URL, the CLI, embeds, saved files and tests
 * (design.md "Core contracts"). One zod schema is the source of truth for types, defaults, limits and
 * error messages; `parseScenario` adds the cross-field checks the schema cannot express and reports every
 * problem as `<field>: <what is wrong>`.
 */
import { z } from 'zod';
import { fixtureGmm } from './fixture';
import { det2, isSymmetricPd } from './linalg2';
import type { Mat2 } from './linalg2';
import { FieldError } from './types';

export const LIMITS = {
  particles: { min: 1, max: 65536, default: 2048 },
  steps: { min: 2, max: 1000, default: 100 },
  lambda: { min: 1e-6, max: 1e12 },
  coordinate: 1e3,
  components: 16,
  maxLinearPieces: 16,
  formulaLength: 500,
} as const;

const coord = z.number().min(-LIMITS.coordinate).max(LIMITS.coordinate);
const vec2 = z.tuple([coord, coord]);
const mat2 = z.tuple([vec2, vec2]);
const lambda = z
  .number()
  .gt(0, `must be > 0`)
  .max(LIMITS.lambda.max, `must be ≤ ${LIMITS.lambda.max}`)
  .refine((v) => v >= LIMITS.lambda.min, `must be ≥ ${LIMITS.lambda.min}`);

export const gmmModelSchema = z.strictObject({
  kind: z.literal('gmm'),
  weights: z.array(z.number().gt(0, 'weights must be > 0').max(1e6)).min(1).max(LIMITS.components),
  means: z.array(vec2).min(1).max(LIMITS.components),
  covs: z.array(mat2).min(1).max(LIMITS.components),
  /** "exact": the closed-form reverse kernel (§2.2), no discretisation error ("perfect model"). */
  kernel: z.enum(['ddpm', 'exact']).default('ddpm'),
});

export const mlpModelSchema = z.strictObject({
  kind: z.literal('mlp'),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a model name of lower-case letters, digits and dashes'),
});

export const modelSchema = z.discriminatedUnion('kind', [gmmModelSchema, mlpModelSchema]);

export const rewardSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('linear'), theta: vec2 }),
  z.strictObject({ kind: z.literal('quadratic'), A: mat2, c: vec2 }),
  z.strictObject({
    kind: z.literal('max-linear'),
    thetas: z.array(vec2).min(1).max(LIMITS.maxLinearPieces),
    biases: z.array(z.number().min(-LIMITS.coordinate).max(LIMITS.coordinate)).min(1).max(LIMITS.maxLinearPieces),
  }),
  z.strictObject({ kind: z.literal('formula'), expr: z.string().min(1, 'must not be empty').max(LIMITS.formulaLength) }),
]);

export const samplerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('base') }),
  z.strictObject({
    kind: z.literal('kl-tilt'),
    lambda,
    method: z.enum(['auto', 'exact', 'guidance']).default('auto'),
  }),
  z.strictObject({
    kind: z.literal('w-prox'),
    /** transport price λ_W in y = argmax r(y) − (λ_W/2)‖y − x‖² */
    lambda,
  }),
  z.strictObject({
    kind: z.literal('smc'),
    lambda,
    proposal: z.enum(['base', 'guided', 'exact-linear-tilt']).default('base'),
    potential: z.enum(['diff', 'max', 'sum', 'immediate', 'twist-exact']).default('diff'),
    resampling: z.enum(['multinomial', 'stratified', 'systematic', 'residual']).default('systematic'),
    /** Resample when ESS < essThreshold·N (0 never, 1 always). */
    essThreshold: z.number().min(0).max(1).default(0.5),
    /** Resampling is considered every this many steps (and always at the last step). */
    resampleEvery: z.number().int().min(1).max(1000).default(1),
  }),
]);

export const scenarioSchema = z.strictObject({
  model: modelSchema,
  reward: rewardSchema,
  sampler: samplerSchema,
  particles: z.number().int().min(LIMITS.particles.min).max(LIMITS.particles.max).default(LIMITS.particles.default),
  steps: z.number().int().min(LIMITS.steps.min).max(LIMITS.steps.max).default(LIMITS.steps.default),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** DDIM η (§1): 1 = ancestral DDPM, 0 = deterministic. */
  eta: z.number().min(0).max(1).default(1),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ModelSpec = Scenario['model'];
export type RewardSpec = Scenario['reward'];
export type SamplerSpec = Scenario['sampler'];
export type SamplerKind = SamplerSpec['kind'];

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => String(p)).join('.') || 'scenario';
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue) return `kind must be one of the documented kinds`;
  return issue.message;
}

/** Cross-field rules the schema cannot express. Returns [field, problem] pairs. */
function semanticProblems(s: Scenario): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const m = s.model;
  if (m.kind === 'gmm') {
    const K = m.weights.length;
    if (m.means.length !== K) problems.push(['model.means', `has ${m.means.length} entries but weights has ${K}`]);
    if (m.covs.length !== K) problems.push(['model.covs', `has ${m.covs.length} entries but weights has ${K}`]);
    m.covs.forEach((c, k) => {
      if (!isSymmetricPd(c as Mat2, 1e-9)) problems.push([`model.covs.${k}`, 'must be symmetric positive definite']);
      else if (det2(c as Mat2) < 1e-12) problems.push([`model.covs.${k}`, 'is too close to singular']);
    });
    if (m.kernel === 'exact' && s.eta !== 1) problems.push(['eta', 'the exact kernel is the ancestral chain: eta must be 1']);
  }
  const r = s.reward;
  if (r.kind === 'quadratic') {
    const A = r.A as Mat2;
    if (Math.abs(A[0][1] - A[1][0]) > 1e-9 * (1 + Math.abs(A[0][1]))) problems.push(['reward.A', 'must be symmetric']);
  }
  if (r.kind === 'max-linear' && r.biases.length !== r.thetas.length) {
    problems.push(['reward.biases', `has ${r.biases.length} entries but thetas has ${r.thetas.length}`]);
  }
  const sp = s.sampler;
  if (sp.kind === 'smc') {
    if (s.eta <= 0) problems.push(['eta', 'SMC needs a stochastic step (eta > 0) to weigh transitions']);
    if (sp.potential === 'twist-exact') {
      if (m.kind !== 'gmm') problems.push(['sampler.potential', 'twist-exact needs the analytic gmm model']);
      if (r.kind !== 'linear' && r.kind !== 'quadratic')
        problems.push(['sampler.potential', 'twist-exact needs a linear or quadratic reward (closed-form tilt)']);
    }
    if (sp.proposal === 'exact-linear-tilt' && r.kind !== 'linear')
      problems.push(['sampler.proposal', 'exact-linear-tilt needs a linear reward']);
  }
  return problems;
}

export interface ScenarioProblem {
  field: string;
  problem: string;
}

/** Validate without throwing: either the parsed scenario (defaults filled) or every problem found. */
export function validateScenario(input: unknown): { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] } {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ field: fieldPath(i.path), problem: zodMessage(i) })),
    };
  }
  const problems = semanticProblems(parsed.data).map(([field, problem]) => ({ field, problem }));
  for (const check of extraChecks) {
    try {
      check(parsed.data);
    } catch (e) {
      if (e instanceof FieldError) problems.push({ field: e.field, problem: e.problem });
      else throw e;
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, scenario: parsed.data };
}

/** Parse or throw a FieldError naming the first bad field. */
export function parseScenario(input: unknown): Scenario {
  const v = validateScenario(input);
  if (!v.ok) throw new FieldError(v.problems[0].field, v.problems[0].problem);
  return v.scenario;
}

/**
 * Further checks registered by modules the schema must not import (e.g. the formula parser), so that
 * `parseScenario` rejects everything a run would reject. Each throws a FieldError.
 */
const extraChecks: Array<(s: Scenario) => void> = [];
export function registerScenarioCheck(check: (s: Scenario) => void): void {
  extraChecks.push(check);
}

/** The default scenario the app opens with (the §7 fixture GMM, a linear reward, KL-tilt). */
export const DEFAULT_SCENARIO: ScenarioInput = {
  model: { kind: 'gmm', ...fixtureGmm() },
  reward: { kind: 'linear', theta: [1, -0.5] },
  sampler: { kind: 'kl-tilt', lambda: 0.7, method: 'auto' },
  particles: 2048,
  steps: 100,
  seed: 1,
};
