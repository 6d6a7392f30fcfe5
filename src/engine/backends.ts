/**
 * tfjs backends for the engine worker. CPU ships in the worker bundle so the first run starts at once; WASM,
 * WebGL and WebGPU are separate chunks, imported only when probed or chosen. WebGPU software adapters
 * (SwiftShader, `isFallbackAdapter`) are refused: on a machine without a GPU they are ~100× slower than WASM.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BackendName } from './messages';
import { crossOriginIsolated, describeThreads } from './wasmThreads';
import type { WasmThreads } from './wasmThreads';

/** Why a backend cannot be used here; thrown by `loadBackend`. */
export class BackendUnavailable extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`${backend}: ${reason}`);
    this.name = 'BackendUnavailable';
  }
}

let threadsCount: (() => number) | null = null;

/** The active WASM backend's thread pool, for the badge; null when WASM is not the backend. */
export function wasmThreads(): WasmThreads | null {
  if (!threadsCount || tf.getBackend() !== 'wasm') return null;
  return describeThreads(threadsCount(), crossOriginIsolated(), self.navigator?.hardwareConcurrency);
}

async function registerWasm(): Promise<void> {
  const [wasm, plain, simd, threaded] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm'),
    // Vite emits the binaries only when they are imported as URLs (see docs/environment.md); `no-inline` keeps them
    // files in the library build too, where Vite would inline them as data: URLs that a strict CSP refuses to fetch.
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url&no-inline'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url&no-inline'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url&no-inline'),
  ]);
  // Threads need shared memory, which only a cross-origin-isolated page has; there tfjs picks the threaded binary
  // (its pthread workers load tfjs's factory as a file: scripts/vite/threadedWasmMainScript.ts).
  if (!crossOriginIsolated()) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  threadsCount = () => wasm.getThreadsCount();
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': plain.default,
    'tfjs-backend-wasm-simd.wasm': simd.default,
    'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
  });
}

/** The adapter the tfjs WebGPU backend would get, or the reason there is none worth using. */
async function hardwareAdapterProblem(): Promise<string | null> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return 'this browser has no WebGPU';
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return 'no WebGPU adapter';
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  if (info?.isFallbackAdapter || legacy.isFallbackAdapter) return 'software WebGPU adapter (much slower than WASM here)';
  return null;
}

const registered = new Set<BackendName>(['cpu']);
/** Backends whose device was lost in this session, and how. */
const lost = new Map<BackendName, string>();

async function register(name: BackendName): Promise<void> {
  const lostWhy = lost.get(name);
  if (lostWhy) throw new BackendUnavailable(name, `${lostWhy} earlier in this session; reload the page to try it again`);
  if (registered.has(name)) return;
  if (name === 'wasm') await registerWasm();
  else if (name === 'webgl') {
    if (typeof OffscreenCanvas === 'undefined') throw new BackendUnavailable(name, 'no OffscreenCanvas in workers here');
    await import('@tensorflow/tfjs-backend-webgl');
  } else if (name === 'webgpu') {
    const problem = await hardwareAdapterProblem();
    if (problem) throw new BackendUnavailable(name, problem);
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  registered.add(name);
}

/**
 * How long a backend may take to start. WASM starts in well under a second, a GPU backend in a few; one that has
 * not started by then never will (a pthread worker a policy refused, a driver that never answers), and the engine
 * moves on to the next backend instead of waiting forever.
 */
export const BACKEND_START_LIMIT_MS = 30_000;

function startLimit(name: BackendName, limitMs: number): { expired: Promise<never>; clear(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    const within = limitMs >= 1000 ? `${Math.round(limitMs / 1000)} s` : `${limitMs} ms`;
    timer = setTimeout(() => {
      // Dropped from tfjs's registry: that makes its pending initialisation obsolete, which would otherwise make
      // every later op throw ("not yet initialized") or switch to it if it ever finished. Not tried again this session.
      if (tf.findBackendFactory(name)) tf.removeBackend(name);
      lost.set(name, `it did not start within ${within}`);
      reject(new BackendUnavailable(name, `it did not start within ${within}`));
    }, limitMs);
  });
  return { expired, clear: () => clearTimeout(timer) };
}

/** Loads (first time) and activates a backend; throws BackendUnavailable when it cannot run here or in time. */
export async function activateBackend(name: BackendName, limitMs = BACKEND_START_LIMIT_MS): Promise<void> {
  const limit = startLimit(name, limitMs);
  try {
    await Promise.race([register(name), limit.expired]);
    // setBackend resolves once the backend has initialised. No `tf.ready()` after it: that waits for the latest
    // backend initialisation ever begun, which never ends after a backend that hung.
    const ok = await Promise.race([tf.setBackend(name), limit.expired]);
    if (!ok) throw new BackendUnavailable(name, 'it failed to initialise');
  } catch (e) {
    if (e instanceof BackendUnavailable) throw e;
    throw new BackendUnavailable(name, e instanceof Error ? e.message : String(e));
  } finally {
    limit.clear();
  }
}

export function activeBackend(): BackendName {
  return tf.getBackend() as BackendName;
}

/**
 * Calls `onLost` when the active GPU backend loses its device or context for a reason other than our own
 * switch away from it. Returns a function that stops watching.
 */
export function watchDeviceLoss(name: BackendName, onLost: (detail: string) => void): () => void {
  let active = true;
  if (name === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
    device?.lost.then((info) => {
      if (active) onLost(info.message || `the WebGPU device was lost (${info.reason})`);
    });
  } else if (name === 'webgl') {
    const gl = webglContext();
    const canvas = gl?.canvas as OffscreenCanvas | undefined;
    const listener = () => {
      if (active) onLost('the WebGL context was lost');
    };
    canvas?.addEventListener('webglcontextlost', listener);
    return () => {
      active = false;
      canvas?.removeEventListener('webglcontextlost', listener);
    };
  }
  return () => {
    active = false;
  };
}

function webglContext(): WebGL2RenderingContext | WebGLRenderingContext | undefined {
  return (tf.backend() as unknown as { gpgpu?: { gl: WebGL2RenderingContext } }).gpgpu?.gl;
}

/** Really loses the active GPU device or context (WebGPU destroy / WEBGL_lose_context); false on CPU and WASM. */
export function loseDevice(): boolean {
  const name = activeBackend();
  if (name === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
    if (!device) return false;
    device.destroy();
    return true;
  }
  if (name === 'webgl') {
    const ext = webglContext()?.getExtension('WEBGL_lose_context');
    if (!ext) return false;
    ext.loseContext();
    return true;
  }
  return false;
}

/**
 * Forgets a backend whose device was lost: frees what is left of it and refuses it for the rest of the
 * session (tfjs cannot re-register a removed backend's factory; a reload gets a fresh device).
 */
export function retireBackend(name: BackendName, why: string): void {
  if (name === 'cpu') return;
  lost.set(name, why);
  try {
    if (tf.findBackend(name)) tf.removeBackend(name);
  } catch {
    // A lost device may throw while releasing its buffers; it is gone either way.
  }
}
