/**
 * The scenario lives in the URL hash, so every state is a link (architecture.md "The app"):
 *   #scenario=<JSON>&compare=<sampler JSON>      (compare only in compare mode)
 * and `?embed` in the query shows the chrome-less figure. A hash is read back through the same schema as
 * every other input, so a link cannot bypass the limits the controls enforce; a bad field is reported by
 * name and falls back to its default (urlRepair.ts), the rest of the link is kept.
 */
import { samplerSchema } from '../core/scenario';
import { jsonNestingDepth, MAX_LINK_CHARS, MAX_LINK_DEPTH } from './linkParams';
import { repairLinkScenario } from './urlRepair';
import type { Scenario, SamplerSpec, ScenarioProblem } from '../core/scenario';
import { issueMessage, REPORT_INPUT } from '../core/issueMessage';

export interface UrlState {
  scenario: Scenario | null;
  compare: SamplerSpec | null;
  problems: ScenarioProblem[];
}

function parseJsonParam(params: URLSearchParams, key: string): { value: unknown; error: string | null } | null {
  const raw = params.get(key);
  if (raw === null) return null;
  if (raw.length > MAX_LINK_CHARS) return { value: null, error: `is ${Math.round(raw.length / 1024)} kB, more than the ${MAX_LINK_CHARS / 1024} kB a link may carry` };
  if (jsonNestingDepth(raw) > MAX_LINK_DEPTH) return { value: null, error: `nests deeper than ${MAX_LINK_DEPTH} levels (a scenario nests 5)` };
  try {
    return { value: JSON.parse(raw), error: null };
  } catch {
    return { value: null, error: 'is not valid JSON' };
  }
}

export function readUrlState(hash: string): UrlState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const problems: ScenarioProblem[] = [];
  let scenario: Scenario | null = null;
  let compare: SamplerSpec | null = null;
  const s = parseJsonParam(params, 'scenario');
  if (s?.error) problems.push({ field: 'link', problem: `the scenario ${s.error}` });
  else if (s) {
    const repaired = repairLinkScenario(s.value);
    scenario = repaired.scenario;
    problems.push(...repaired.problems);
  }
  const c = parseJsonParam(params, 'compare');
  if (c?.error) problems.push({ field: 'compare', problem: c.error });
  else if (c) {
    const v = samplerSchema.safeParse(c.value, REPORT_INPUT);
    if (v.success) compare = v.data;
    else problems.push({ field: 'compare', problem: v.error.issues[0] ? issueMessage(v.error.issues[0]) : 'is not a valid sampler' });
  }
  return { scenario, compare, problems };
}

export function writeUrlState(scenario: unknown, compare: SamplerSpec | null): string {
  const params = new URLSearchParams();
  params.set('scenario', JSON.stringify(scenario));
  if (compare) params.set('compare', JSON.stringify(compare));
  return `#${params.toString()}`;
}

export function isEmbed(search: string): boolean {
  return new URLSearchParams(search).has('embed');
}
