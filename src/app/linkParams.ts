/**
 * Raw access to the link's hash parameters, without validation and without the schema's code, so that the
 * entry module can hand the link's scenario to the engine before the app has loaded (the engine validates
 * it; the app reports any problem once it is up).
 */
import { jsonNestingDepth } from '../core/jsonGuard';

export { jsonNestingDepth };

export function hashParam(hash: string, key: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get(key);
}

/**
 * The deepest a link's JSON may nest. A scenario nests 5 levels (model.covs[k][i][j]); anything much deeper is not
 * a scenario, and handing it on would overflow the stack of whatever walks it (postMessage's structured clone, the
 * schema, the link repair) and leave a blank page.
 */
export const MAX_LINK_DEPTH = 32;

/** The longest a link's JSON may be: a 16-component GMM scenario is about 2 kB; a formula is at most 500 characters. */
export const MAX_LINK_CHARS = 64 * 1024;

/** The link's scenario as parsed JSON; undefined when the link has none, it is not JSON, is too long or nests too deeply. */
export function rawLinkScenario(hash: string): unknown {
  const raw = hashParam(hash, 'scenario');
  if (raw === null || raw.length > MAX_LINK_CHARS || jsonNestingDepth(raw) > MAX_LINK_DEPTH) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
