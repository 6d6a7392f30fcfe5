/**
 * WASM threads. The build rewrites tfjs's `backend_wasm.js` so that the pthread workers load the threaded factory as
 * a same-origin file (scripts/vite/threadedWasmMainScript.ts): the rewrite must hit tfjs's statement, refuse a source
 * without it, and the file the workers load must define the factory on its own, as a classic script. The badge's
 * explanation states the count it was given.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { rewriteBackendWasm } from '../../../scripts/vite/threadedWasmMainScript';
import { describeThreads } from '../../../src/engine/wasmThreads';

const require = createRequire(import.meta.url);
const read = (path: string) => readFileSync(require.resolve(path), 'utf8');

describe('the pthread script rewrite', () => {
  test("tfjs's backend: the Blob of factory.toString() becomes the URL of the factory's own file", () => {
    const original = read('@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js');
    const rewritten = rewriteBackendWasm(original);
    expect(original).toContain('wasmFactoryThreadedSimd.toString()');
    expect(rewritten).not.toContain('wasmFactoryThreadedSimd.toString()');
    expect(rewritten).toContain('factoryConfig.mainScriptUrlOrBlob = new URL(tiltlabThreadedFactoryUrl, self.location.href).href;');
    expect(rewritten.split('\n')[0]).toBe(
      "import tiltlabThreadedFactoryUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url&no-inline';",
    );
    // Nothing else changes: the rest of the module is the original, line for line.
    expect(rewritten.split('\n').length).toBe(original.split('\n').length); // one import line in, two statement lines out as one
  });

  test('a backend source without the statement fails the build with a message', () => {
    expect(() => rewriteBackendWasm('export const x = 1;')).toThrow(/no longer builds its pthread script from factory\.toString\(\)/);
  });

  test('the factory file, run as a classic script as the workers do, defines the factory function', () => {
    const source = read('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
    // A worker's global scope has no `exports`, `module` or `define`: the file's export lines then do nothing.
    const factory = new Function(`${source}\nreturn WasmBackendModuleThreadedSimd;`)() as unknown;
    expect(typeof factory).toBe('function');
  });
});

describe('describeThreads', () => {
  test('not isolated: one thread, and why', () => {
    expect(describeThreads(1, false, 8)).toEqual({ count: 1, why: 'one thread: the page is not cross-origin isolated (README, "WASM threads")' });
  });

  test('isolated: the count and the cores it came from, in words', () => {
    expect(describeThreads(1, true, 2)).toEqual({ count: 1, why: "1 thread: tfjs uses half of this machine's 2 logical cores" });
    expect(describeThreads(4, true, 8)).toEqual({ count: 4, why: "4 threads: tfjs uses half of this machine's 8 logical cores" });
    expect(describeThreads(1, true, undefined).why).toBe("1 thread: tfjs uses half of this machine's logical cores");
  });
});
