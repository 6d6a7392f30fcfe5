/**
 * The learned models shipped with the app, as listed in public/models/index.json. The list is fetched once,
 * after first paint, from the page's own origin; a missing or malformed index simply means none.
 */
export interface LearnedModelEntry {
  name: string;
  label: string;
  /** Trained in this page during this visit (not shipped). */
  local: boolean;
}

interface IndexFile {
  models?: Array<{ name?: unknown; label?: unknown }>;
}

export async function fetchShippedModels(modelsBaseUrl: string): Promise<LearnedModelEntry[]> {
  try {
    const response = await fetch(new URL('index.json', modelsBaseUrl));
    if (!response.ok) return [];
    const file = (await response.json()) as IndexFile;
    return (file.models ?? [])
      .filter((m): m is { name: string; label: unknown } => typeof m.name === 'string')
      .map((m) => ({ name: m.name, label: typeof m.label === 'string' ? m.label : m.name, local: false }));
  } catch {
    return [];
  }
}
