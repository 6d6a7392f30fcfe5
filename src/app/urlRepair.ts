/**
 * A link with invalid fields falls back to defaults for those fields only (issue: "an invalid link opens the app
 * with a message naming the bad field and falls back to defaults for that field only"). Each failing field is
 * replaced by the default scenario's value at the same path when it has one, or removed so the schema's own
 * default applies; a field that still fails is replaced together with its parent object. Unknown keys are
 * dropped. The result is validated by the same schema as every other input.
 */
import { scenarioSchema, validateScenario } from '../core/scenario';
import { startingScenarioInput } from '../engine/startScenario';
import type { Scenario, ScenarioProblem } from '../core/scenario';

type Json = Record<string, unknown>;

/**
 * Rounds of repair before a link is given up (the whole default then opens, with every problem listed). Each round
 * fixes a field or moves its reset one level up, and a fixed level can reveal the next problem: the longest chain
 * known, a bad entry in a fourth covariance the opening model does not have, takes 8 rounds (url-repair.test.ts).
 */
export const MAX_ROUNDS = 16;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function getPath(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Sets (or, for undefined, deletes) the value at `path`; nothing happens when the parent does not exist. */
function setPath(root: Json, path: string[], value: unknown): void {
  const parent = getPath(root, path.slice(0, -1));
  if (!isObject(parent) && !Array.isArray(parent)) return;
  const key = path[path.length - 1];
  if (value === undefined) delete (parent as Json)[key];
  else (parent as Json)[key] = structuredClone(value);
}

/**
 * The default for a field: the page's opening scenario's value at the same path (the one the page shows when
 * the link names none, so that a bad `particles` falls back to the page's N, not the CLI's), e.g. sampler.lambda = 0.7 for any
 * sampler that has a λ), or none — then the field is removed and the schema's default applies. A default that
 * does not fit the link's kind fails validation again and its parent object is reset in the next round.
 */
function defaultAt(path: string[]): unknown {
  return getPath(startingScenarioInput(), path);
}

function dropUnknownRootKeys(input: Json): void {
  const known = new Set(Object.keys(scenarioSchema.shape));
  for (const key of Object.keys(input)) if (!known.has(key)) delete input[key];
}

export interface RepairedLink {
  /** The repaired scenario, or null when the link could not be repaired (then the whole default is used). */
  scenario: Scenario | null;
  /** Every problem found in the link, by field. */
  problems: ScenarioProblem[];
}

/** Whether one field path lies on the other's branch (`model.covs` and `model.covs.3.1`, or the same field). */
function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

export function repairLinkScenario(raw: unknown, maxRounds = MAX_ROUNDS): RepairedLink {
  const first = validateScenario(raw);
  if (first.ok) return { scenario: first.scenario, problems: [] };
  if (!isObject(raw)) return { scenario: null, problems: first.problems };
  // One message per field (a value can break several rules of the same field).
  const problems = first.problems.filter((p, i, all) => all.findIndex((q) => q.field === p.field) === i);
  const input = structuredClone(raw) as Json;
  const attempts = new Map<string, number>();
  let current = first.problems;
  for (let round = 0; round < maxRounds; round++) {
    for (const field of new Set(current.map((p) => p.field))) {
      if (field === 'scenario') {
        dropUnknownRootKeys(input);
        continue;
      }
      const path = field.split('.');
      const tries = attempts.get(field) ?? 0;
      attempts.set(field, tries + 1);
      // First try the field's own default; if that does not help, reset the object that holds it.
      const target = tries === 0 ? path : path.slice(0, Math.max(1, path.length - tries));
      setPath(input, target, defaultAt(target));
    }
    const v = validateScenario(input);
    if (v.ok) return { scenario: v.scenario, problems };
    current = v.problems;
    // A problem a repair revealed elsewhere is the link's too (the cross-field checks run only once every field
    // parses: a W-prox λ too small for the link's reward shows only after its broken model is reset). Problems on
    // the branch of a field already reported are the repair's own steps (an entry removed, then its list) and stay out.
    // (No later round has a problem at the root: the only root problem is unknown top-level keys, and a repair adds none.)
    for (const p of current) {
      if (!problems.some((q) => related(q.field, p.field))) problems.push(p);
    }
  }
  return { scenario: null, problems };
}
