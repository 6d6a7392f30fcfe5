/**
 * The whole run as one JSON file, and reading such a file back. The file holds the scenario (and the
 * compare sampler) plus, per lane, what the engine produced: the per-step statistics, the summary, the exact
 * target where one is known, and the final samples. Reading it checks everything: the scenarios go through
 * the same schema as every other input (core/scenario.ts), the results through the schema below, and any
 * problem is reported by its path in the file (e.g. "runs[0].scenario.sampler.lambda").
 * Written and read by the app (src/app/export), read by the figure library (`<tilt-lab src>`, src/lib).
 */
import { checkJsonText } from '../core/jsonGuard';
import { FieldError } from '../core/types';
import { z } from '../core/zod';
import { samplerSchema, validateScenario } from '../core/scenario';
import type { Scenario, SamplerSpec } from '../core/scenario';
import type { StepStats } from '../core/types';
import type { ExactTargetInfo, Lane, RunSummary } from '../engine/messages';
import { issueMessage, REPORT_INPUT } from '../core/issueMessage';

export const RUN_FILE_FORMAT = 'tiltlab-run';
export const RUN_FILE_VERSION = 1;

export interface LaneResult {
  lane: Lane;
  scenario: Scenario;
  backend: string;
  exact: ExactTargetInfo | null;
  steps: StepStats[];
  summary: RunSummary;
  /** The final, equally weighted samples. */
  samples: Array<[number, number]>;
  /** SMC: each resampling's grid index and the ancestor of every particle after it (§5.6). */
  genealogy?: { steps: number[]; ancestors: number[][] };
}

export interface RunFile {
  format: typeof RUN_FILE_FORMAT;
  version: typeof RUN_FILE_VERSION;
  scenario: Scenario;
  compare: SamplerSpec | null;
  runs: LaneResult[];
}

export type RunFileResult = { ok: true; file: RunFile } | { ok: false; problem: string };

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
/** JSON has no NaN: a non-finite optional figure was written as null. */
const optionalFigure = z
  .number()
  .nullable()
  .optional()
  .transform((v) => v ?? undefined);
const point = z.tuple([finite, finite]);

const stepSchema = z.strictObject({
  k: z.number().int().nonnegative(),
  t: finite,
  meanReward: finite,
  logWeightVar: finite.nullable(),
  logWeightVarCum: finite.nullable(),
  ess: finite.nullable(),
  resampled: z.boolean(),
  beta: finite.optional(),
  cess: finite.optional(),
  unique: z.number().int().nonnegative().nullable().optional(),
});

const index = z.number().int().nonnegative();
const genealogySchema = z.strictObject({ steps: z.array(index), ancestors: z.array(z.array(index)) });

const summarySchema = z.looseObject({
  method: z.string(),
  exact: z.boolean(),
  note: z.string().optional(),
  meanReward: finite,
  logZ: optionalFigure,
  logZHat: optionalFigure,
  transportCost: optionalFigure,
  logWeightReason: z.string().optional(),
  resamplings: z.number().int().nonnegative().optional(),
  ms: finite,
  msPerStep: finite,
  backend: z.string(),
  exactMeanReward: optionalFigure,
  energyDistance: optionalFigure,
  exactTransportCost: optionalFigure,
  target: z.string().optional(),
});

const exactSchema = z.strictObject({
  spec: z.strictObject({
    weights: z.array(finite).min(1),
    means: z.array(point).min(1),
    covs: z.array(z.tuple([point, point])).min(1),
  }),
  meanReward: finite,
  logZ: optionalFigure,
  description: z.string(),
});

const laneSchema = z.strictObject({
  lane: z.enum(['a', 'b']),
  scenario: z.unknown(),
  backend: z.string(),
  exact: exactSchema.nullable(),
  steps: z.array(stepSchema),
  summary: summarySchema,
  samples: z.array(point).min(1),
  genealogy: genealogySchema.optional(),
});

const fileSchema = z.strictObject({
  format: z.literal(RUN_FILE_FORMAT),
  version: z.literal(RUN_FILE_VERSION),
  scenario: z.unknown(),
  compare: z.unknown(),
  runs: z.array(laneSchema).min(1).max(2),
});

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || 'the file';
}

function interleaved(samples: Float32Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < samples.length; i += 2) out.push([samples[i], samples[i + 1]]);
  return out;
}

/** The file for the runs on screen. `samples` are the lanes' final samples (N×2 interleaved). */
export function buildRunFile(scenario: Scenario, compare: SamplerSpec | null, lanes: Array<Omit<LaneResult, 'samples'> & { samples: Float32Array }>): RunFile {
  return {
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    scenario,
    compare,
    runs: lanes.map((l) => ({ ...l, samples: interleaved(l.samples) })),
  };
}

/** Two lanes of 65,536 samples with their steps are about 6 MB of text and nest 7 levels (a run's exact target's covariance rows). */
export const RUN_FILE_LIMITS = { field: 'file', maxDepth: 32, maxChars: 32 * 1024 * 1024 };

/** Reads a run file's text; on any problem, says what and where (the first problem found). */
export function parseRunFile(text: string): RunFileResult {
  let raw: unknown;
  try {
    // Size and nesting first: nothing below may walk a hostile file (core/jsonGuard.ts).
    checkJsonText(text, RUN_FILE_LIMITS);
  } catch (e) {
    return { ok: false, problem: e instanceof FieldError ? `${e.field}: ${e.problem}` : String(e) };
  }
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `the file is not valid JSON (${(e as Error).message})` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problem: 'the file is not a Tilt Lab run (expected a JSON object)' };
  if ((raw as { format?: unknown }).format !== RUN_FILE_FORMAT) return { ok: false, problem: `format: expected "${RUN_FILE_FORMAT}" — this is not a Tilt Lab run file` };
  const parsed = fileSchema.safeParse(raw, REPORT_INPUT);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${pathOf(issue.path)}: ${issueMessage(issue)}` };
  }
  const top = validateScenario(parsed.data.scenario);
  if (!top.ok) return { ok: false, problem: `scenario.${top.problems[0].field}: ${top.problems[0].problem}` };
  let compare: SamplerSpec | null = null;
  if (parsed.data.compare !== null && parsed.data.compare !== undefined) {
    const c = samplerSchema.safeParse(parsed.data.compare, REPORT_INPUT);
    if (!c.success) return { ok: false, problem: `compare${pathOf(c.error.issues[0].path) === 'the file' ? '' : `.${pathOf(c.error.issues[0].path)}`}: ${issueMessage(c.error.issues[0])}` };
    compare = c.data;
  }
  const runs: LaneResult[] = [];
  for (const [i, run] of parsed.data.runs.entries()) {
    const at = `runs[${i}]`;
    const v = validateScenario(run.scenario);
    if (!v.ok) return { ok: false, problem: `${at}.scenario.${v.problems[0].field}: ${v.problems[0].problem}` };
    if (runs.some((r) => r.lane === run.lane)) return { ok: false, problem: `${at}.lane: lane "${run.lane}" appears twice` };
    if (run.lane === 'b' && compare === null) return { ok: false, problem: `${at}.lane: a lane "b" run needs a compare sampler` };
    if (run.steps.length !== v.scenario.steps) return { ok: false, problem: `${at}.steps: ${run.steps.length} rows for a ${v.scenario.steps}-step scenario` };
    if (run.samples.length > v.scenario.particles) return { ok: false, problem: `${at}.samples: ${run.samples.length} samples for ${v.scenario.particles} particles` };
    const g = run.genealogy;
    if (g) {
      const n = v.scenario.particles;
      if (g.ancestors.length !== g.steps.length) return { ok: false, problem: `${at}.genealogy: ${g.steps.length} steps but ${g.ancestors.length} ancestor lists` };
      const bad = g.ancestors.findIndex((a) => a.length !== n || a.some((i) => i >= n));
      if (bad >= 0) return { ok: false, problem: `${at}.genealogy.ancestors[${bad}]: expected ${n} indices below ${n}` };
    }
    runs.push({ ...run, scenario: v.scenario, summary: run.summary as RunSummary, exact: run.exact as ExactTargetInfo | null });
  }
  if (!runs.some((r) => r.lane === 'a')) return { ok: false, problem: 'runs: the file has no lane "a" run' };
  return { ok: true, file: { format: RUN_FILE_FORMAT, version: RUN_FILE_VERSION, scenario: top.scenario, compare, runs } };
}
