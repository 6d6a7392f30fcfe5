/**
 * The numpy reference for W1: scripts/bench-numpy.py times the same MLP forward in numpy float32 (OpenBLAS).
 * It is optional: without python3 and numpy the bench reports why and carries on.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NumpyTiming {
  numpy: string;
  n: number;
  forwardMs: number;
  minMs: number;
  reps: number;
  threads: string;
}

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/bench-numpy.py');

/** Times the numpy forward at n points; `threads` = 1 pins OpenBLAS to one core. Returns the reason on failure. */
export function numpyForward(n: number, threads: 'default' | 1): NumpyTiming | { unavailable: string } {
  const env = { ...process.env };
  if (threads === 1) {
    env.OPENBLAS_NUM_THREADS = '1';
    env.OMP_NUM_THREADS = '1';
  }
  const r = spawnSync('python3', [SCRIPT, String(n), '30'], { env, encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { unavailable: `python3 could not be started (${r.error.message})` };
  if (r.status !== 0) {
    const last = (r.stderr || '').trim().split('\n').pop() ?? '';
    return { unavailable: `bench-numpy.py exited ${r.status}: ${last}` };
  }
  try {
    return JSON.parse(r.stdout) as NumpyTiming;
  } catch {
    return { unavailable: `bench-numpy.py printed no JSON: ${r.stdout.slice(0, 200)}` };
  }
}
