/**
 * The backend probe: a few timed forwards of a network shaped like the learned denoisers
 * (2 + 16 inputs → 128 → 128 → 128 → 2, SiLU) at N = 2048 on each backend that loads, keeping the fastest.
 * A backend whose warm-up alone exceeds the budget is not timed further (WebGL and WebGPU on software
 * rasterisers take seconds).
 */
import * as tf from '@tensorflow/tfjs-core';
import { activateBackend, BackendUnavailable } from './backends';
import type { BackendName, ProbeEntry } from './messages';

const PROBE_N = 2048;
const WIDTHS = [18, 128, 128, 128, 2];
const TIMED_FORWARDS = 3;
/** A backend slower than this per forward is too slow to matter; stop timing it. */
const WARMUP_BUDGET_MS = 1500;

function probeWeights(): tf.Tensor2D[] {
  return WIDTHS.slice(1).map((out, i) => tf.randomNormal([WIDTHS[i], out], 0, 1 / Math.sqrt(WIDTHS[i]), 'float32', 7 + i) as tf.Tensor2D);
}

function forward(x: tf.Tensor2D, weights: tf.Tensor2D[]): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    weights.forEach((w, i) => {
      h = tf.matMul(h, w);
      if (i < weights.length - 1) h = tf.mul(h, tf.sigmoid(h)); // SiLU
    });
    return h;
  });
}

async function timedForward(x: tf.Tensor2D, weights: tf.Tensor2D[]): Promise<number> {
  const t0 = performance.now();
  const y = forward(x, weights);
  await y.data();
  y.dispose();
  return performance.now() - t0;
}

async function probeOne(name: BackendName): Promise<ProbeEntry> {
  try {
    await activateBackend(name);
  } catch (e) {
    return { backend: name, ok: false, reason: e instanceof BackendUnavailable ? e.reason : String(e) };
  }
  const weights = probeWeights();
  const x = tf.randomNormal([PROBE_N, WIDTHS[0]], 0, 1, 'float32', 3) as tf.Tensor2D;
  try {
    const warm = await timedForward(x, weights);
    if (warm > WARMUP_BUDGET_MS) return { backend: name, ok: true, msPerForward: warm, reason: 'slow warm-up; not timed further' };
    const times: number[] = [];
    for (let i = 0; i < TIMED_FORWARDS; i++) times.push(await timedForward(x, weights));
    times.sort((a, b) => a - b);
    return { backend: name, ok: true, msPerForward: times[Math.floor(times.length / 2)] };
  } catch (e) {
    return { backend: name, ok: false, reason: e instanceof Error ? e.message : String(e) };
  } finally {
    x.dispose();
    weights.forEach((w) => w.dispose());
  }
}

/** Probes each candidate in turn and returns every outcome; the caller activates the winner. */
export async function probeBackends(candidates: readonly BackendName[]): Promise<ProbeEntry[]> {
  const entries: ProbeEntry[] = [];
  for (const name of candidates) entries.push(await probeOne(name));
  return entries;
}

/** The fastest backend that worked; CPU when nothing else did. */
export function fastest(entries: readonly ProbeEntry[]): BackendName {
  let best: ProbeEntry | null = null;
  for (const e of entries) {
    if (!e.ok || e.msPerForward === undefined) continue;
    if (!best || e.msPerForward < (best.msPerForward ?? Infinity)) best = e;
  }
  return best?.backend ?? 'cpu';
}
