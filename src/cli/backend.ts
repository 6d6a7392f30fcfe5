/** tfjs backend set-up for Node entry points and tests: wasm (fast here) or cpu. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import path from 'node:path';

export type NodeBackend = 'wasm' | 'cpu';

let wasmRegistered = false;

export async function useNodeBackend(name: NodeBackend): Promise<string> {
  // Silences the "install tfjs-node" banner: that package cannot be installed on these machines. PROD, not
  // IS_TEST: IS_TEST also turns on kernel leak checks, which reject gradients through tfjs-layers' fused
  // matmul on wasm ("internal memory leak (3 data ids)") although nothing leaks.
  tf.env().set('PROD', true);
  if (name === 'wasm' && !wasmRegistered) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(dir + path.sep);
    wasmRegistered = true;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`backend "${name}" could not be initialised`);
  await tf.ready();
  return tf.getBackend();
}
