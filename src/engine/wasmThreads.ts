/**
 * WASM threads: XNNPACK's thread pool, which needs shared memory and so a cross-origin-isolated page (README,
 * "WASM threads"). The built app's pthread workers load tfjs's factory from a same-origin file
 * (scripts/vite/threadedWasmMainScript.ts); this module says whether threads may run and, for the badge, how many do.
 */

/** What the backend badge says about WASM threads. */
export interface WasmThreads {
  /** Threads in XNNPACK's pool (the engine worker itself included). */
  count: number;
  /** Why it is this many, for the badge's menu. */
  why: string;
}

/** Whether this global scope may share memory with workers (COOP + COEP on the page that started it). */
export function crossOriginIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** The badge's explanation of a thread count. tfjs sizes its pool at half the logical cores, at least 1, at most 8. */
export function describeThreads(count: number, isolated: boolean, logicalCores: number | undefined): WasmThreads {
  if (!isolated) return { count, why: 'one thread: the page is not cross-origin isolated (README, "WASM threads")' };
  const cores = logicalCores ? `${logicalCores} logical core${logicalCores === 1 ? '' : 's'}` : 'logical cores';
  return { count, why: `${count} thread${count === 1 ? '' : 's'}: tfjs uses half of this machine's ${cores}` };
}
