/**
 * `<tilt-lab src>`: the file a figure is read from — a scenario document, or a saved run (the app's "Whole run
 * (JSON)", src/view/runFile.ts), whose first lane is shown at once as the finished picture before anything is
 * computed. Every problem names the attribute and what is wrong with the file.
 */
import type { ScenarioInput } from '../core/scenario';
import { parseRunFile, RUN_FILE_FORMAT } from '../view/runFile';
import type { CachedRun } from './options';

export type LoadedSource = { ok: true; scenario: ScenarioInput; cached: CachedRun | null } | { ok: false; problem: string };

/** Reads a fetched file's text: a run file by its `format`, otherwise a scenario. */
export function readSourceText(text: string, name: string): LoadedSource {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `src: ${name} is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, problem: `src: ${name} holds no scenario object` };
  if ((json as { format?: unknown }).format !== RUN_FILE_FORMAT) return { ok: true, scenario: json as ScenarioInput, cached: null };
  const parsed = parseRunFile(text);
  if (!parsed.ok) return { ok: false, problem: `src: ${name} is not a readable saved run: ${parsed.problem}` };
  const first = parsed.file.runs[0];
  return { ok: true, scenario: first.scenario, cached: { samples: first.samples.flat(), stats: first.steps, exact: first.exact } };
}

export async function loadSource(url: string, base: string): Promise<LoadedSource> {
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return { ok: false, problem: `src: "${url}" is not a URL` };
  }
  let response: Response;
  try {
    response = await fetch(target);
  } catch (error) {
    return { ok: false, problem: `src: ${url} could not be fetched (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!response.ok) return { ok: false, problem: `src: ${url} could not be loaded (HTTP ${response.status})` };
  return readSourceText(await response.text(), url);
}
