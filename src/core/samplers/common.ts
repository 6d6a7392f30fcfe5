/**
 * Helpers shared by the samplers: the grid loop's per-step law, rewards at the Tweedie estimate, and the
 * final read-out. Stream names ('init', 'noise') are shared so that two samplers with the same seed see the
 * same noise (§7 checks 9 and 17 compare them bit for bit).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { Rng } from '../rng';
import type { Denoiser, Reward, SamplerContext } from '../types';
import { denoiserStepLaw, exactKernelLaw } from './chain';
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
  if (ctx.kernel === 'exact') {
    if (!denoiser.exact) throw new Error('the exact kernel needs an analytic GMM denoiser');
    return exactKernelLaw(denoiser.exact, x, t, s);
  }
  return denoiserStepLaw(denoiser, x, t, s, ctx.eta);
}

/** r(x̂_0(x, t)) for each particle, read back to the host (the per-step reward of §1 and §5.4). */
export async function tweedieRewards(denoiser: Denoiser, reward: Reward, x: Tensor2D, t: number): Promise<Float32Array> {
  const r = tf.tidy(() => reward.value(denoiser.x0(x, t)));
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
