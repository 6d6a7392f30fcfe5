/**
 * "Hide controls for this link": a teacher picks which panels a lesson's link shows. The choice lives in the
 * query string (`?hide=model,reward`), beside `?embed`, so that the scenario in the hash is rewritten on
 * every edit without touching it. Like every URL value it is validated: an unknown panel name is reported
 * and ignored, the rest still apply.
 */

export const PANELS = [
  { id: 'model', label: 'Model' },
  { id: 'reward', label: 'Reward' },
  { id: 'sampler', label: 'Sampler' },
  { id: 'run', label: 'Run settings' },
  { id: 'data', label: 'Your data' },
  { id: 'summary', label: 'Summary table' },
  { id: 'charts', label: 'Charts' },
] as const;

export type PanelId = (typeof PANELS)[number]['id'];

const KNOWN = new Set<string>(PANELS.map((p) => p.id));

export function isPanelId(v: string): v is PanelId {
  return KNOWN.has(v);
}

export interface HiddenPanelsParam {
  hidden: PanelId[];
  /** What was wrong with the link's `hide` value, naming the field; null when nothing was. */
  problem: string | null;
}

export function readHiddenPanels(search: string): HiddenPanelsParam {
  const raw = new URLSearchParams(search).get('hide');
  if (raw === null || raw.trim() === '') return { hidden: [], problem: null };
  const hidden: PanelId[] = [];
  const unknown: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    if (isPanelId(part)) {
      if (!hidden.includes(part)) hidden.push(part);
    } else unknown.push(part.length > 20 ? `${part.slice(0, 19)}…` : part);
  }
  const problem = unknown.length
    ? `hide: unknown panel${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} ignored (known: ${PANELS.map((p) => p.id).join(', ')})`
    : null;
  return { hidden, problem };
}

/** The query string with `hide` set to these panels (or removed when none), other parameters kept. */
export function writeHiddenPanels(search: string, hidden: readonly PanelId[]): string {
  const params = new URLSearchParams(search);
  if (hidden.length === 0) params.delete('hide');
  else params.set('hide', PANELS.filter((p) => hidden.includes(p.id)).map((p) => p.id).join(','));
  // `embed` is a bare flag: keep it as "?embed", not "?embed=".
  const text = params.toString().replace(/(^|&)embed=(?=&|$)/, '$1embed');
  return text ? `?${text}` : '';
}

/** The page's hidden panels at start-up (none outside a browser). */
export function initialHiddenPanels(): HiddenPanelsParam {
  return typeof location === 'undefined' ? { hidden: [], problem: null } : readHiddenPanels(location.search);
}
