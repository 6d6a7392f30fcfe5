/**
 * Reading `<tilt-lab>`'s attributes: where the figure comes from (`scenario` JSON or a `src` URL) and the
 * playback switches. Boolean attributes follow HTML (present means on) and also accept "true"/"false"; anything
 * else is refused by name, so a typo shows as an error in its figure instead of being ignored.
 */
import type { TiltLabOptions } from './options';

export const FIGURE_ATTRIBUTES = ['scenario', 'src', 'autoplay', 'loop', 'controls', 'models-base-url'] as const;
export type FigureAttribute = (typeof FIGURE_ATTRIBUTES)[number];

export type FigureSource = { kind: 'scenario'; input: unknown } | { kind: 'src'; url: string };

export type ParsedAttributes =
  | { ok: true; source: FigureSource; options: Pick<TiltLabOptions, 'autoplay' | 'loop' | 'controls' | 'modelsBaseUrl'> }
  | { ok: false; problem: string };

const SWITCHES = ['autoplay', 'loop', 'controls'] as const;

function readSwitch(name: string, value: string | null): boolean | string {
  if (value === null) return false;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'true' || v === name) return true;
  if (v === 'false') return false;
  return `${name}: "${value}" is not a switch value — leave the attribute out (off), write it bare (on), or give "true" or "false"`;
}

/** Where a JSON.parse message says the problem is, as the reader counts: "line 1, column 12". */
function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message);
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = Number(at[1]) - before.lastIndexOf('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)/, '')} (line ${line}, column ${column})`;
}

export function parseFigureAttributes(get: (name: FigureAttribute) => string | null): ParsedAttributes {
  const scenario = get('scenario');
  const src = get('src');
  if (scenario !== null && src !== null) return { ok: false, problem: 'give either a scenario attribute or a src attribute, not both' };
  if (scenario === null && (src === null || src.trim() === ''))
    return { ok: false, problem: 'needs a scenario attribute (the scenario as JSON) or a src attribute (the URL of a scenario or a saved run)' };
  const options: Record<string, boolean | string> = {};
  for (const name of SWITCHES) {
    const v = readSwitch(name, get(name));
    if (typeof v === 'string') return { ok: false, problem: v };
    options[name] = v;
  }
  const modelsBaseUrl = get('models-base-url')?.trim() || undefined;
  const parsedOptions = { autoplay: options.autoplay as boolean, loop: options.loop as boolean, controls: options.controls as boolean, modelsBaseUrl };
  if (scenario === null) return { ok: true, source: { kind: 'src', url: src!.trim() }, options: parsedOptions };
  try {
    return { ok: true, source: { kind: 'scenario', input: JSON.parse(scenario) as unknown }, options: parsedOptions };
  } catch (error) {
    return { ok: false, problem: `scenario: not valid JSON — ${jsonProblem(scenario, error)}` };
  }
}
