/**
 * The backend choice remembered between visits (localStorage), so that a returning visitor skips the probe.
 * Storage may be blocked (private mode, a sandboxed embed): then nothing is remembered and the probe runs.
 */
import type { BackendName } from '../engine/messages';

const KEY = 'tiltlab.backend';

export function cachedBackend(): BackendName | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'webgpu' || v === 'webgl' || v === 'wasm' || v === 'cpu' ? v : null;
  } catch {
    return null;
  }
}

export function cacheBackend(name: BackendName | null): void {
  try {
    if (name) localStorage.setItem(KEY, name);
    else localStorage.removeItem(KEY);
  } catch {
    // storage blocked: the choice is simply not remembered
  }
}
