/** Types of measureBrowser.mjs, for the TypeScript that shares its flags (tests/e2e/harness.ts). */
export const MEASURE_FLAGS: string[];
export function pageMainThreads(events: Array<{ name?: string; pid?: number; tid?: number; args?: { name?: string } }>): Set<string>;
export function waitInPage(cdp: { send(method: 'Runtime.evaluate', params: { expression: string; returnByValue: boolean }): Promise<{ result?: { value?: unknown } }> }, expression: string, timeoutMs?: number): Promise<void>;
