/**
 * Helpers shared by the samplers: the grid loop's per-step law, rewards at the Tweedie estimate, and the
 * final read-out. Stream names ('init', 'noise') are shared so that two samplers with the same seed see the
 * same noise (§7 checks 9 and 17 compare them bit for bit).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import type { Denoiser, Reward, SamplerContext } from '../types';
import { ddimLaw, exactKernelLaw, x0FromEps } from './chain';
import type { StepLaw } from './chain';

export interface ChainStreams {
  init: Rng;
  noise: Rng;
  resample: Rng;
  extra: Rng;
}

export function chainStreams(seed: number): ChainStreams {
  const root = new Rng(seed, 'chain');
  return { init: root.fork('init'), noise: root.fork('noise'), resample: root.fork('resample'), extra: root.fork('extra') };
}

/**
 * The law of one reverse step of `denoiser` from x at time t to time s: the exact GMM kernel (§2.2) when the
 * context asks for it and the denoiser is analytic, otherwise the DDIM(η) Gaussian step (§1).
 */
export function modelStepLaw(ctx: SamplerContext, denoiser: Denoiser, x: Tensor2D, t: number, s: number): StepLaw {
  if (ctx.kernel === 'exact') return modelStepLawFrom(ctx, denoiser, x, null, t, s);
  const eps = denoiser.eps(x, t);
  try {
    return modelStepLawFrom(ctx, denoiser, x, eps, t, s);
  } finally {
    eps.dispose();
  }
}

/**
 * The same law from an ε̂(x, t) already evaluated (the loops share one evaluation per step between the step law
 * and the chart reward). `eps` may be null with the exact kernel, which does not use it.
 */
export function modelStepLawFrom(
  ctx: SamplerContext,
  denoiser: Denoiser,
  x: Tensor2D,
  eps: Tensor2D | null,
  t: number,
  s: number,
): StepLaw {
  if (ctx.kernel === 'exact') {
    if (!denoiser.exact) throw new Error('the exact kernel needs an analytic GMM denoiser');
    return exactKernelLaw(denoiser.exact, x, t, s);
  }
  if (!eps) throw new Error('the DDIM step needs ε̂(x_t, t)');
  return ddimLaw(x, eps, t, s, ctx.eta);
}

/** Whether the model's step law reads ε̂ (the DDIM step does; the exact GMM kernel does not). */
export function stepLawNeedsEps(ctx: SamplerContext): boolean {
  return ctx.kernel !== 'exact';
}

/** What one evaluation of the denoiser at (x, t) gave; a field is null when it was not asked for. */
export interface Evaluation {
  eps: Tensor2D | null;
  x0: Tensor2D | null;
}

/**
 * ε̂(x, t) and/or x̂_0(x, t) from ONE evaluation of the denoiser (one network forward for a learned model): with
 * both asked for, `denoiser.denoise` when it has one, else ε̂ and x̂_0 = (x − σ_t ε̂)/α_t by Tweedie (§1).
 */
export function evaluateDenoiser(denoiser: Denoiser, x: Tensor2D, t: number, need: { eps: boolean; x0: boolean }): Evaluation {
  if (need.eps && need.x0) {
    if (denoiser.denoise) return denoiser.denoise(x, t);
    const eps = denoiser.eps(x, t);
    return { eps, x0: x0FromEps(x, eps, t) };
  }
  if (need.eps) return { eps: denoiser.eps(x, t), x0: null };
  if (need.x0) return { eps: null, x0: denoiser.x0(x, t) };
  return { eps: null, x0: null };
}

export function disposeEvaluation(e: Evaluation): void {
  e.eps?.dispose();
  e.x0?.dispose();
}

/** r(x̂_0) for each particle, read back to the host (the per-step reward of §1 and §5.4). */
export async function rewardValues(reward: Reward, x0: Tensor2D): Promise<Float32Array> {
  const r = tf.tidy(() => reward.value(x0));
  const values = (await r.data()) as Float32Array;
  r.dispose();
  return values;
}

export async function readPoints(x: Tensor2D): Promise<Float32Array> {
  return (await x.data()) as Float32Array;
}

/** Mean reward of interleaved points (host → tensor → host; used for summaries). */
export async function meanRewardOf(reward: Reward, points: Float32Array): Promise<number> {
  const n = points.length / 2;
  if (n === 0) return NaN;
  const r = tf.tidy(() => tf.mean(reward.value(tf.tensor2d(points, [n, 2]))));
  const v = (await r.data())[0];
  r.dispose();
  return v;
}

/** Throws a clear error when a tensor read back holds NaN or ±Inf. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new NonFiniteError(what);
  }
}

export class NonFiniteError extends Error {
  constructor(readonly what: string) {
    super(`the run produced a non-finite value (NaN or ±Inf) in ${what}; try a larger λ or fewer extreme parameters`);
    this.name = 'NonFiniteError';
  }
}
