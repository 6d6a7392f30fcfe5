/**
 * A Vite plugin that lets tfjs's threaded WASM backend start its pthread workers in the built app (README,
 * "WASM threads"; docs/environment.md).
 *
 * tfjs hands each pthread worker the Emscripten factory as a Blob of `factory.toString()`: the factory's source
 * text as it stands in the bundle. That breaks twice in a production build:
 * - minification renames the closure variables the text refers to, so every pthread worker throws on load;
 * - the workers `importScripts` the Blob's blob: URL, which a strict Content Security Policy (`script-src 'self'`,
 *   README "Security") refuses, and the backend then waits for its workers forever.
 * This plugin replaces that one statement of tfjs's `backend_wasm.js` with the URL of the package's own, untouched
 * factory file, emitted as an asset beside the app. The workers load it as a same-origin script (on the WASM
 * backend's pthread path only; the single-threaded binaries never read it). A tfjs version whose source differs
 * fails the build with a message rather than shipping a backend that hangs.
 */
import type { Plugin } from 'vite';

const BACKEND_MODULE = /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;
/** tfjs 4.22's statement, whitespace-insensitive. */
const BLOB_STATEMENT =
  /factoryConfig\.mainScriptUrlOrBlob\s*=\s*new Blob\(\[\s*`var WasmBackendModuleThreadedSimd = `\s*\+\s*wasmFactoryThreadedSimd\.toString\(\)\s*\],\s*\{\s*type:\s*'text\/javascript'\s*\}\s*\);/;
const FACTORY_URL_IMPORT = "import tiltlabThreadedFactoryUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url&no-inline';";
// Absolute: the pthread workers are blob: workers, where a relative URL has no base to resolve against.
const URL_STATEMENT = 'factoryConfig.mainScriptUrlOrBlob = new URL(tiltlabThreadedFactoryUrl, self.location.href).href;';

/** The rewritten `backend_wasm.js`; throws when tfjs's source no longer has the statement this replaces. */
export function rewriteBackendWasm(code: string): string {
  if (!BLOB_STATEMENT.test(code)) {
    throw new Error(
      "tfjs-backend-wasm's backend_wasm.js no longer builds its pthread script from factory.toString(); update scripts/vite/threadedWasmMainScript.ts for this tfjs version",
    );
  }
  return `${FACTORY_URL_IMPORT}\n${code.replace(BLOB_STATEMENT, URL_STATEMENT)}`;
}

export function threadedWasmMainScript(): Plugin {
  return {
    name: 'tiltlab:threaded-wasm-main-script',
    enforce: 'pre',
    transform(code, id) {
      if (!BACKEND_MODULE.test(id.split('?')[0])) return null;
      return { code: rewriteBackendWasm(code), map: null };
    },
  };
}
