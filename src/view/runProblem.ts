/**
 * A failed or stopped run in plain words, for the message over its canvas: a title that says what happened and
 * when, the input it concerns (a scenario field named as the page's controls name it), what went wrong, and what
 * to try. The engine's problems read "<what>; try <remedy>" or "<what>; use <remedy>"; the remedy becomes the
 * advice, and a field-specific one is given where the engine offers none.
 */
import type { RunStatus } from './session/laneRun';

export interface RunProblemInput {
  status: RunStatus;
  error: { field: string | null; problem: string } | null;
  /** Steps computed before the run ended (the last good step). */
  goodSteps: number;
  steps: number | null;
  /** Whether a picture is still on the canvas (the run's own last step, or an earlier run's). */
  keptPicture: boolean;
  /** The picture on the canvas is the previous finished run's, not this run's (it failed behind it). */
  previousPicture?: boolean;
  /** A cancelled run was stopped by the user (the Stop button). */
  stoppedByUser?: boolean;
  /** The run's reward kind: a formula's non-finite values are the formula's, not λ's. */
  rewardKind?: string;
}

export interface RunProblemText {
  title: string;
  where: string | null;
  what: string;
  tryThis: string;
  kept: string;
}

/** Scenario fields as the page's controls name them (longest prefix first wins). */
const FIELD_NAMES: Array<[string, string]> = [
  ['model.name', 'Model p → Base model (a learned model)'],
  ['model.kernel', 'Model p → Reverse step'],
  ['model', 'Model p'],
  ['reward.expr', 'Reward r → Formula'],
  ['reward', 'Reward r'],
  ['sampler.method', 'Sampler → KL-tilt method'],
  ['sampler.lambda', 'Sampler → λ'],
  ['sampler.proposal', 'Sampler → SMC proposal'],
  ['sampler.potential', 'Sampler → SMC potential'],
  ['sampler', 'Sampler'],
  ['compare.method', 'Sampler B → KL-tilt method'],
  ['compare.lambda', 'Sampler B → λ'],
  ['compare', 'Sampler B'],
  ['particles', 'Run settings → Particles N'],
  ['steps', 'Run settings → Steps K'],
  ['seed', 'Run settings → Seed'],
  ['eta', 'Run settings → DDIM η'],
];

/** Advice per field when the engine's words carry none. */
const FIELD_ADVICE: Array<[string, string]> = [
  ['model.name', 'Pick one of the models in the Base model list, or train one from your own data.'],
  ['model', 'Pick another base model.'],
  ['reward.expr', 'Check the formula, or pick one of the preset rewards.'],
  ['reward', 'Pick another reward, or a gentler one (smaller coefficients).'],
  ['sampler.method', 'Set the method to Auto, which picks the most exact tool this model and reward allow.'],
  ['sampler', 'Try another sampler setting, or a larger λ.'],
  ['compare', 'Try another setting for sampler B, or a larger λ.'],
];

function byPrefix(table: Array<[string, string]>, field: string): string | null {
  const hit = table.find(([prefix]) => field === prefix || field.startsWith(`${prefix}.`));
  return hit ? hit[1] : null;
}

/** The field's name on the page ("Sampler → λ"), or the raw field when it has none. */
export function fieldName(field: string): string {
  return byPrefix(FIELD_NAMES, field) ?? field;
}

function sentence(s: string): string {
  const t = s.trim();
  if (t === '') return t;
  const cap = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(cap) ? cap : `${cap}.`;
}

/** Splits "what went wrong; try this" into its two halves (the remedy without its leading "; "). */
function splitRemedy(problem: string): { what: string; remedy: string | null } {
  const m = /;\s*((?:try|use|pick|choose|set)\b.*)$/i.exec(problem);
  return m ? { what: problem.slice(0, m.index), remedy: m[1] } : { what: problem, remedy: null };
}

/**
 * The engine's words made plain where they are technical (a model file that could not be read), and its step
 * numbers — grid indices k, counted down from K — told as the page counts them, the steps taken K − k.
 */
function plainWhat(what: string, steps: number | null): string {
  if (steps !== null) what = what.replace(/\bat step (\d+)\b/g, (_m, k: string) => (Number(k) === steps ? 'at the starting noise, before the first step' : `at step ${steps - Number(k)}`));
  const load = /^could not load model "([^"]+)"/.exec(what);
  if (load) return `The learned model "${load[1]}" could not be loaded: the page has no model of that name`;
  return what;
}

/**
 * A failed run's error in the page's words and step numbers ("field: what"): whole for its details, without the
 * engine's remedy for the summary (the message over the canvas gives the advice, fitted to the reward).
 */
export function plainRunError(error: { field: string | null; problem: string }, steps: number | null, opts: { remedy: boolean } = { remedy: true }): string {
  const problem = opts.remedy ? error.problem : splitRemedy(error.problem).what;
  return `${error.field ? `${error.field}: ` : ''}${plainWhat(problem, steps)}`;
}

/** A formula that is not finite where the particles go is the formula's doing (log or sqrt of a negative, 1/0). */
const FORMULA_NOT_FINITE =
  'Check the formula: it is not finite somewhere the particles go (the log or square root of a negative number, a division by zero, exp of a large value).';

/** "What to try: …" with the advice's own leading "try" dropped (not "What to try: Try …"). */
function whatToTry(advice: string): string {
  return `What to try: ${sentence(advice.replace(/^try\s+/i, ''))}`;
}

export function explainRunProblem(input: RunProblemInput): RunProblemText {
  const of = input.steps !== null ? ` of ${input.steps}` : '';
  const kept = input.keptPicture
    ? input.goodSteps > 0 && !input.previousPicture
      ? `The picture and the charts stop at step ${input.goodSteps}${of}, the last good step.`
      : 'The last good picture stays underneath.'
    : 'Nothing was drawn yet.';
  if (input.status === 'cancelled') {
    return {
      title: input.goodSteps > 0 ? `The run was stopped after step ${input.goodSteps}${of}` : 'The run was stopped before its first step',
      where: null,
      what: input.stoppedByUser
        ? 'You stopped it with Stop.'
        : 'It was cancelled before it finished (a newer run, a backend change or a fine-tune took the engine).',
      tryThis: 'Press Run again to compute it to the end.',
      kept,
    };
  }
  const field = input.error?.field ?? null;
  const { what, remedy } = splitRemedy(input.error?.problem ?? 'the engine reported no reason');
  const formulaNotFinite = input.rewardKind === 'formula' && /non-finite value .*\bin the reward\b/.test(what);
  const advice = formulaNotFinite
    ? FORMULA_NOT_FINITE
    : (remedy ?? (field && byPrefix(FIELD_ADVICE, field)) ?? 'Try a larger λ, a gentler reward or fewer steps, then Run again.');
  const named = field ?? (formulaNotFinite ? 'reward.expr' : null);
  return {
    title: input.goodSteps > 0 ? `The run failed at step ${input.goodSteps + 1}${of}` : field ? 'The run could not start' : `The run failed at its first step${of ? ` (of ${input.steps})` : ''}`,
    where: named ? `Input: ${fieldName(named)}` : null,
    what: sentence(plainWhat(what, input.steps)),
    tryThis: whatToTry(advice),
    kept,
  };
}
