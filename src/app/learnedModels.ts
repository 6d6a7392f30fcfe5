/**
 * The learned models shipped with the app, as listed in public/models/index.json (an array of
 * {name, label, dataset, description}, written by `npm run train-models`). The list is fetched once, from the
 * page's own origin; a missing or malformed index simply means none.
 */
export interface LearnedModelEntry {
  name: string;
  label: string;
  /** Trained in this page during this visit (not shipped). */
  local: boolean;
}

type IndexEntry = { name?: unknown; label?: unknown };

export async function fetchShippedModels(modelsBaseUrl: string): Promise<LearnedModelEntry[]> {
  try {
    const response = await fetch(new URL('index.json', modelsBaseUrl));
    if (!response.ok) return [];
    const file = (await response.json()) as unknown;
    const entries: IndexEntry[] = Array.isArray(file) ? file : [];
    return entries
      .filter((m): m is { name: string; label: unknown } => typeof m.name === 'string')
      .map((m) => ({ name: m.name, label: typeof m.label === 'string' ? m.label : m.name, local: false }));
  } catch {
    return [];
  }
}

/** The data moments a shipped model's card records (for the canvas window), or null if unreadable. */
export async function fetchModelMoments(
  modelsBaseUrl: string,
  name: string,
): Promise<{ mean: [number, number]; cov: [[number, number], [number, number]] } | null> {
  try {
    const response = await fetch(new URL(`${name}/card.json`, modelsBaseUrl));
    if (!response.ok) return null;
    const card = (await response.json()) as { moments?: { mean?: unknown; cov?: unknown } };
    const { mean, cov } = card.moments ?? {};
    const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    if (!Array.isArray(mean) || mean.length !== 2 || !mean.every(finite)) return null;
    if (!Array.isArray(cov) || cov.length !== 2 || !cov.every((r) => Array.isArray(r) && r.length === 2 && r.every(finite))) return null;
    return { mean: mean as [number, number], cov: cov as [[number, number], [number, number]] };
  } catch {
    return null;
  }
}
