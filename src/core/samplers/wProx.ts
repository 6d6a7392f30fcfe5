/**
 * The Wasserstein-proximal sampler (algorithms.md §4): draw x ~ p with the base chain (the same streams as
 * base.ts, so with the same seed its pre-map samples are the base sampler's), then output
 * y = T(x) = argmax_y r(y) − (λ_W/2)‖y − x‖². The output law T_#p solves max_q E_q r − λ_W W_c(p, q) with
 * c = ½‖x − y‖², and E‖T(x) − x‖² is W₂²(p, T_#p) (§2.5).
 *
 * Per-step chart (§4): the map applies once, at the end; step k shows the mean of r(T(x̂_0(x_k))). There are no
 * importance weights (deterministic transport), so the log-weight variance and ESS are null.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { z } from 'zod';
import { wProxSpec } from './wProx/spec';
import type { wProxSchema } from './wProx/spec';
import { wProxTarget } from '../exact/target';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { LineageTracker, mean } from '../diagnostics';
import { timeGrid } from '../schedule';
import type { Reward, SampleOutput, SamplerDef, StepFrame } from '../types';
import { disposeLaw, drawNoise, initialParticles, lawComponents, sampleLaw } from './chain';
import {
  assertFinite,
  chainStreams,
  disposeEvaluation,
  evaluateDenoiser,
  meanRewardOf,
  modelStepLawFrom,
  readPoints,
  stepLawNeedsEps,
} from './common';
import type { Evaluation } from './common';
import { proxOracleFor } from './prox/oracle';
import type { ProxOracle, ProxOutcome } from './prox/oracle';

/** `lambda` is the transport price λ_W. */
export type WProxParams = z.output<typeof wProxSchema>;

/** r(T(x̂_0)) on the first `count` particles, read back. */
async function mappedRewards(oracle: ProxOracle, reward: Reward, x0hat: Tensor2D, count: number): Promise<Float32Array> {
  const x0 = tf.tidy(() => (count < x0hat.shape[0] ? (tf.slice(x0hat, [0, 0], [count, 2]) as Tensor2D) : x0hat.clone()));
  const { y } = await oracle.map(x0).finally(() => x0.dispose());
  try {
    const r = tf.tidy(() => reward.value(y));
    const values = (await r.data()) as Float32Array;
    r.dispose();
    return values;
  } finally {
    y.dispose();
  }
}

export const wProxSampler: SamplerDef<WProxParams> = {
  kind: 'w-prox',
  spec: wProxSpec,
  exactTarget: (model, reward, params) => wProxTarget(model, reward, params.lambda),
  async *run(ctx, params): AsyncGenerator<StepFrame, SampleOutput, void> {
    const { denoiser, reward, particles: n, steps: K } = ctx;
    const lambdaW = params.lambda;
    const oracle = proxOracleFor(reward, lambdaW);
    const chartCount = oracle.chartParticles === null ? n : Math.min(n, oracle.chartParticles);
    const grid = timeGrid(K);
    const streams = chainStreams(ctx.seed);
    const tracker = new LineageTracker(n);
    let x: Tensor2D = initialParticles(streams.init, n);
    // One denoiser evaluation per state (K + 1 per run), as in base.ts.
    const needEps = stepLawNeedsEps(ctx);
    let ev: Evaluation = { eps: null, x0: null };
    try {
      ev = evaluateDenoiser(denoiser, x, grid[K], { eps: needEps, x0: false });
      for (let k = K; k >= 1; k--) {
        const law = modelStepLawFrom(ctx, denoiser, x, ev.eps, grid[k], grid[k - 1]);
        const next = sampleLaw(law, drawNoise(streams.noise, n, lawComponents(law)));
        disposeLaw(law);
        disposeEvaluation(ev);
        x.dispose();
        x = next;
        ev = evaluateDenoiser(denoiser, x, grid[k - 1], { eps: needEps && k > 1, x0: true });
        const rewards = await mappedRewards(oracle, reward, ev.x0!, chartCount);
        assertFinite(rewards, `the reward r(T(x̂0)) at step ${k - 1}`);
        const stats = tracker.record({ k: k - 1, t: grid[k - 1], rewards, increment: null, logW: null });
        yield { stats, positions: ctx.emitPositions ? await readPoints(x) : undefined };
      }
      const x0 = ev.x0!;
      ev = { eps: null, x0: null };
      let mapped: ProxOutcome | undefined;
      let sq: Tensor1D | undefined;
      let samples: Float32Array;
      let transportCost: number;
      try {
        mapped = await oracle.map(x0);
        const y = mapped.y;
        // ‖T(x) − x‖² per particle in float32, summed on the host in float64 (a float32 mean of 10⁴ terms drifts ~1e-4).
        sq = tf.tidy(() => tf.sum(tf.square(tf.sub(y, x0)), 1) as Tensor1D);
        samples = await readPoints(y);
        transportCost = mean(await sq.data());
      } finally {
        x0.dispose();
        mapped?.y.dispose();
        sq?.dispose();
      }
      assertFinite(samples, 'the transported samples T(x)');
      // The per-step check may cover only a subset (grid oracle): check the reward of every returned sample too.
      const meanReward = await meanRewardOf(reward, samples);
      assertFinite([meanReward], 'the reward r(T(x)) of the returned samples');
      const notes = [mapped.note];
      if (chartCount < n) notes.push(`per-step charts use the first ${chartCount} of ${n} particles`);
      return {
        samples,
        summary: {
          method: `w-prox/${oracle.method}`,
          exact: mapped.exact,
          note: notes.filter(Boolean).join('; '),
          meanReward,
          transportCost,
          logWeightReason: 'W-prox is a deterministic transport y = T(x) of base samples: there are no importance weights',
        },
      };
    } finally {
      x.dispose();
      disposeEvaluation(ev);
    }
  },
};
