/**
 * The adaptive tempering schedule (algorithms.md §5.5), chosen on a pilot run before the SMC run starts.
 *
 * Why a pilot: the Tweedie rewards r_k = r(x̂₀(x_k, t_k)) are nearly constant at high noise (x̂₀ is close to the
 * data mean there), so any rule that picks β_k from the particles at step k alone may take β = 1 at the first step,
 * where it costs nothing, and is then stuck there (β is non-decreasing) when the potentials become sharp: it is the
 * untempered run. The pilot sees the whole path first.
 *
 * The pilot propagates M = min(N, 1024) particles with the model's own step and records each lineage's untempered
 * accumulated log-potential S_k (§5.5). The schedule is then built backwards from β_0 = 1: given β_{k−1}, β_k is the
 * smallest β ∈ [0, β_{k−1}] for which the incremental weights of the step k → k−1 on the pilot paths,
 * β_{k−1} S_{k−1} − β S_k, keep an ESS of at least targetEss·M (bisection); β_k = β_{k−1} when no β does. The tilt
 * is so brought in as late as the per-step ESS budget allows. The SMC run then uses this schedule as a fixed one:
 * it depends on the pilot's randomness only, not on the run's particles, so Ẑ stays unbiased.
 */
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Rng } from '../../rng';
import { timeGrid } from '../../schedule';
import type { SamplerContext } from '../../types';
import { disposeLaw, drawNoise, initialParticles, lawComponents, sampleLaw } from '../chain';
import { disposeEvaluation, evaluateDenoiser, modelStepLawFrom, rewardValues, stepLawNeedsEps } from '../common';
import type { Evaluation } from '../common';
import { LineagePotentials } from '../potentials';
import type { PotentialKind, PotentialsAt } from './spec';
import { conditionalEss } from './tempering';

/** Pilot particles: enough for an ESS estimate to ±3 %, few enough to cost a fraction of a large run. */
export const PILOT_PARTICLES = 1024;
const BISECTION_TOLERANCE = 1e-6;

export interface PilotOptions {
  lambda: number;
  potential: PotentialKind;
  potentialsAt: PotentialsAt;
  resampleEvery: number;
  /** log ψ_t, for the twist-exact potential only. */
  twist: ((x: Tensor2D, t: number) => Tensor1D) | null;
}

/**
 * The untempered accumulated log-potentials S_k of M pilot lineages, one Float64Array per grid index k (K … 0):
 * S at index k ≥ 1 holds the sum of log G_j for j ≥ k, as the SMC run computes it at each step where potentials
 * apply (unchanged between them), and S_0 = r(x₀)/λ, where every lineage closes.
 */
export async function pilotPotentials(ctx: SamplerContext, rng: Rng, opts: PilotOptions): Promise<Float64Array[]> {
  const K = ctx.steps;
  const m = Math.min(ctx.particles, PILOT_PARTICLES);
  const grid = timeGrid(K);
  const potentials = new LineagePotentials(opts.potential, m, opts.lambda);
  const sums: Float64Array[] = new Array(K + 1);
  const noise = rng.fork('noise');
  const needEps = stepLawNeedsEps(ctx);
  let x: Tensor2D = initialParticles(rng.fork('init'), m);
  let ev: Evaluation = { eps: null, x0: null };
  const readPsi = async (t: number) => {
    if (!opts.twist) return null;
    const psi = opts.twist(x, t);
    const values = await psi.data();
    psi.dispose();
    return values;
  };
  try {
    ev = evaluateDenoiser(ctx.denoiser, x, grid[K], { eps: needEps, x0: true });
    potentials.first(await rewardValues(ctx.reward, ev.x0!), await readPsi(grid[K]));
    sums[K] = potentials.lineageSums();
    for (let k = K; k >= 1; k--) {
      const law = modelStepLawFrom(ctx, ctx.denoiser, x, ev.eps, grid[k], grid[k - 1]);
      const next = sampleLaw(law, drawNoise(noise, m, lawComponents(law)));
      disposeLaw(law);
      disposeEvaluation(ev);
      x.dispose();
      x = next;
      const inSchedule = (K - (k - 1)) % opts.resampleEvery === 0;
      if (k === 1) {
        ev = evaluateDenoiser(ctx.denoiser, x, grid[0], { eps: false, x0: true });
        const r0 = await rewardValues(ctx.reward, ev.x0!);
        sums[0] = Float64Array.from(r0, (r) => r / opts.lambda);
      } else if (opts.potentialsAt === 'every-step' || inSchedule) {
        ev = evaluateDenoiser(ctx.denoiser, x, grid[k - 1], { eps: needEps, x0: true });
        potentials.next(await rewardValues(ctx.reward, ev.x0!), await readPsi(grid[k - 1]));
      } else {
        ev = evaluateDenoiser(ctx.denoiser, x, grid[k - 1], { eps: needEps, x0: false });
      }
      if (k > 1) sums[k - 1] = potentials.lineageSums();
    }
    return sums;
  } finally {
    x.dispose();
    disposeEvaluation(ev);
  }
}

/** The backward schedule of the module comment from the pilot's S_k (k = 0 … K); β indexed by grid index, β[0] = 1. */
export function backwardSchedule(sums: Float64Array[], K: number, targetEss: number): Float64Array {
  const beta = new Float64Array(K + 1);
  beta[0] = 1;
  const m = sums[K].length;
  const uniform = new Float64Array(m).fill(1 / m);
  const increment = new Float64Array(m);
  const essAt = (k: number, b: number) => {
    const upper = sums[k - 1];
    const lower = sums[k];
    const bUpper = beta[k - 1];
    for (let i = 0; i < m; i++) increment[i] = bUpper * upper[i] - b * lower[i];
    return conditionalEss(uniform, increment);
  };
  for (let k = 1; k <= K; k++) {
    const upper = beta[k - 1];
    const ok = (b: number) => essAt(k, b) >= targetEss * m;
    if (ok(0)) beta[k] = 0;
    else if (!ok(upper)) beta[k] = upper;
    else {
      let lo = 0; // fails
      let hi = upper; // holds
      while (hi - lo > BISECTION_TOLERANCE) {
        const mid = 0.5 * (lo + hi);
        if (ok(mid)) hi = mid;
        else lo = mid;
      }
      beta[k] = hi;
    }
  }
  return beta;
}
