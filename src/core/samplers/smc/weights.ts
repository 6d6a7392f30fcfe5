/**
 * The SMC weight book-keeping on the host, in float64 logs (algorithms.md §5.2–5.3): accumulate ℓ_k into log W,
 * ESS of the normalised weights, and the unbiased normalising-constant estimate
 * Ẑ = Π_epochs (1/N) Σ_i W^i_{end of epoch}, where an epoch is the stretch between resamplings and W is unnormalised.
 * Weights are carried between resamplings (no per-step reset: that would bias Ẑ and the target, §5.2).
 */
import { effectiveSampleSize, logSumExp, normalizedWeights } from '../../diagnostics';

export class ParticleWeights {
  private logW: Float64Array;
  private logZHatClosed = 0;
  private epochsClosed = 0;

  constructor(readonly n: number) {
    this.logW = new Float64Array(n);
  }

  /** log W^i ← log W^i + ℓ^i. */
  add(increment: ArrayLike<number>): void {
    for (let i = 0; i < this.n; i++) this.logW[i] += increment[i];
  }

  logWeights(): Float64Array {
    return this.logW.slice();
  }

  /** W̄ = softmax(log W). */
  normalized(): Float64Array {
    return normalizedWeights(this.logW);
  }

  ess(): number {
    return effectiveSampleSize(this.logW);
  }

  /** End the current epoch at a resampling: fold log((1/N) Σ W) into log Ẑ and restart with log W = 0. */
  closeEpoch(): void {
    this.logZHatClosed += logSumExp(this.logW) - Math.log(this.n);
    this.epochsClosed++;
    this.logW.fill(0);
  }

  /** Number of epochs closed by resampling so far. */
  resamplings(): number {
    return this.epochsClosed;
  }

  /** log Ẑ including the open epoch (its unnormalised weights as they stand). */
  logZHat(): number {
    return this.logZHatClosed + logSumExp(this.logW) - Math.log(this.n);
  }
}
