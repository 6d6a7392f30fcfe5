/**
 * The exact target of a fine-tuning run, when one exists: for a model of a Gaussian-mixture data set and a reward of
 * degree ≤ 2, q ∝ p·e^{r/λ} is the closed-form tilted GMM of §2.3. Its exact draws (from a stream of their own)
 * are what "distance to the exact target" measures against.
 */
import { gmmExpectedReward, sampleGmm, tiltGmm } from '../exact';
import { Rng } from '../rng';
import type { GmmSpec, Reward } from '../types';

export interface FineTuneTarget {
  spec: GmmSpec;
  /** E_q r (§2.3). */
  meanReward: number;
  /** E_p r of the data law. */
  baseMeanReward: number;
  /** log Z = log E_p e^{r/λ} (§2.3); KL(q ‖ p) = E_q r/λ − log Z. */
  logZ: number;
  /** Exact draws of q, N×2 interleaved. */
  draws: Float32Array;
}

export function exactFineTuneTarget(data: GmmSpec, reward: Reward, lambda: number, draws: number, seed: number): FineTuneTarget | null {
  if (!reward.polynomial) return null;
  const { spec, logZ } = tiltGmm(data, reward.polynomial, lambda);
  return {
    spec,
    logZ,
    meanReward: gmmExpectedReward(spec, reward.polynomial),
    baseMeanReward: gmmExpectedReward(data, reward.polynomial),
    draws: sampleGmm(spec, draws, new Rng(seed, 'finetune/exact-target')),
  };
}
