/**
 * The Scenario: the one description of a run, shared by the URL, the CLI, embeds, saved files and tests
 * (architecture.md "Core contracts"). One zod schema is the source of truth for types, defaults, limits and
 * error messages; `parseScenario` adds the cross-field checks the schema cannot express and reports every
 * problem as `<field>: <what is wrong>`.
 */
import { z } from './zod';
import { fixtureGmm } from './fixture';
import { det2, isSymmetricPd } from './linalg2';
import type { Mat2 } from './linalg2';
import { REWARD_SPECS } from './rewards/specs';
import { SAMPLER_SPECS } from './samplers/specs';
import { LIMITS, mat2, vec2 } from './scenarioParts';
import { issueMessage, REPORT_INPUT } from './issueMessage';
import { FieldError } from './types';

export { LIMITS };

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

/** The schemas of a descriptor list, as a tuple (so that z.discriminatedUnion keeps each member's type). */
type SchemasOf<T extends readonly { schema: unknown }[]> = { -readonly [K in keyof T]: T[K]['schema'] };

function schemasOf<T extends readonly { schema: unknown }[]>(descriptors: T): SchemasOf<T> {
  return descriptors.map((d) => d.schema) as SchemasOf<T>;
}

/** One member per reward descriptor (rewards/specs.ts). */
export const rewardSchema = z.discriminatedUnion('kind', schemasOf(REWARD_SPECS));

/** One member per sampler descriptor (samplers/specs.ts). */
export const samplerSchema = z.discriminatedUnion('kind', schemasOf(SAMPLER_SPECS));

export const scenarioSchema = z.strictObject({
  model: modelSchema,
  reward: rewardSchema,
  sampler: samplerSchema,
  particles: z.number().min(LIMITS.particles.min).max(LIMITS.particles.max).int().default(LIMITS.particles.default),
  steps: z.number().min(LIMITS.steps.min).max(LIMITS.steps.max).int().default(LIMITS.steps.default),
  seed: z.number().min(0).max(2 ** 32 - 1).int().default(1),
  /** DDIM η (§1): 1 = ancestral DDPM, 0 = deterministic. */
  eta: z
    .number()
    .min(0)
    .max(1)
    // Below 1e-3 the step's noise η·σ̃ falls under float32 rounding near t_min, so its log-probabilities (the weights
    // of KL-tilt's diagnostics and of SMC) would be noise or overflow; η = 0 is the deterministic chain.
    .refine((v) => v === 0 || v >= 1e-3, 'must be 0 (deterministic) or at least 0.001 (smaller noise is below float32 precision)')
    .default(1),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ModelSpec = Scenario['model'];
export type RewardSpec = Scenario['reward'];
export type SamplerSpec = Scenario['sampler'];
export type SamplerKind = SamplerSpec['kind'];
export type RewardKind = RewardSpec['kind'];

/** A sampler's scenario descriptor, typed for any member of the union (each checks only its own kind). */
export interface AnySamplerSpecDescriptor {
  readonly kind: SamplerKind;
  readonly defaults: SamplerSpec;
  readonly params: (typeof SAMPLER_SPECS)[number]['params'];
  readonly lambdaRole?: 'kl-temperature' | 'transport-price';
  readonly weighted: boolean;
  problems(sampler: SamplerSpec, scenario: Scenario): Array<[string, string]>;
}

export interface AnyRewardSpecDescriptor {
  readonly kind: RewardKind;
  readonly preset: RewardSpec;
  readonly label: string;
  readonly hint: string;
  describe(spec: RewardSpec): string;
  problems(spec: RewardSpec): Array<[string, string]>;
}

const noProblems = (): Array<[string, string]> => [];

/** The descriptor of this sampler kind (samplers/specs.ts). */
export function samplerSpecOf(kind: SamplerKind | { kind: SamplerKind }): AnySamplerSpecDescriptor {
  const k = typeof kind === 'string' ? kind : kind.kind;
  const d = SAMPLER_SPECS.find((x) => x.kind === k);
  if (!d) throw new Error(`no sampler descriptor for kind "${k}"`);
  const any = d as unknown as Partial<AnySamplerSpecDescriptor> & Omit<AnySamplerSpecDescriptor, 'problems'>;
  return { ...any, problems: any.problems ? any.problems.bind(d) : noProblems };
}

/** The descriptor of this reward kind (rewards/specs.ts). */
export function rewardSpecOf(kind: RewardKind | { kind: RewardKind }): AnyRewardSpecDescriptor {
  const k = typeof kind === 'string' ? kind : kind.kind;
  const d = REWARD_SPECS.find((x) => x.kind === k);
  if (!d) throw new Error(`no reward descriptor for kind "${k}"`);
  const any = d as unknown as Partial<AnyRewardSpecDescriptor> & Omit<AnyRewardSpecDescriptor, 'problems'>;
  return { ...any, problems: any.problems ? any.problems.bind(d) : noProblems };
}

/** Every sampler kind, in the app's order. */
export const SAMPLER_KINDS: SamplerKind[] = SAMPLER_SPECS.map((d) => d.kind);
/** Every reward kind, in the app's order. */
export const REWARD_KINDS: RewardKind[] = REWARD_SPECS.map((d) => d.kind);

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => String(p)).join('.') || 'scenario';
}

/** What is wrong with a mixture component's covariance, or null: the rule of a Scenario's and a fine-tuning job's model. */
export function covarianceProblem(c: Mat2): string | null {
  if (!isSymmetricPd(c, 1e-9)) return 'must be symmetric positive definite';
  if (det2(c) < 1e-12) return 'is too close to singular';
  return null;
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
      const problem = covarianceProblem(c as Mat2);
      if (problem) problems.push([`model.covs.${k}`, problem]);
    });
    if (m.kernel === 'exact' && s.eta !== 1) problems.push(['eta', 'the exact kernel is the ancestral chain: eta must be 1']);
  }
  problems.push(...rewardSpecOf(s.reward).problems(s.reward));
  problems.push(...samplerSpecOf(s.sampler).problems(s.sampler, s));
  return problems;
}

export interface ScenarioProblem {
  field: string;
  problem: string;
}

/** Validate without throwing: either the parsed scenario (defaults filled) or every problem found. */
export function validateScenario(input: unknown): { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] } {
  const parsed = scenarioSchema.safeParse(input, REPORT_INPUT);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ field: fieldPath(i.path), problem: issueMessage(i) })),
    };
  }
  const problems = semanticProblems(parsed.data).map(([field, problem]) => ({ field, problem }));
  return problems.length ? { ok: false, problems } : { ok: true, scenario: parsed.data };
}

/** Parse or throw a FieldError naming the first bad field. */
export function parseScenario(input: unknown): Scenario {
  const v = validateScenario(input);
  if (!v.ok) throw new FieldError(v.problems[0].field, v.problems[0].problem);
  return v.scenario;
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
