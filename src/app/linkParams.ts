/**
 * Raw access to the link's hash parameters, without validation and without the schema's code, so that the
 * entry module can hand the link's scenario to the engine before the app has loaded (the engine validates
 * it; the app reports any problem once it is up).
 */
export function hashParam(hash: string, key: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get(key);
}

/** The link's scenario as parsed JSON; undefined when the link has none or it is not JSON. */
export function rawLinkScenario(hash: string): unknown {
  const raw = hashParam(hash, 'scenario');
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
