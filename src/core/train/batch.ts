/**
 * Training batches for DDPM ε-prediction (§1), built on the host in float64 and uploaded as float32.
 *
 * Plain rows: x_0 ~ data, t ~ U(t_min, 1), ε ~ N(0, I), x_t = α_t x_0 + σ_t ε, target ε.
 *
 * Widened rows (the §3.2 caveat: the linear-tilt shift x + (σ_t²/α_t)θ evaluates the net far outside the
 * data's noised support at large t). They are exact regression pairs for ε_p at those far inputs, obtained by
 * running the §3.2 identity backwards: draw θ, draw x_0 from the tilted data q_θ ∝ p e^{⟨θ,x⟩} (self-normalised
 * resampling of a fresh data pool), x_t = α_t x_0 + σ_t ε, and use
 *     input y = x_t + (σ_t²/α_t)θ,  target ε + (σ_t/α_t)θ.
 * Since E[ε | x_t] = ε_q(x_t) under q and ε_q(x) = ε_p(x + (σ_t²/α_t)θ) − (σ_t/α_t)θ (§3.2), the conditional
 * mean of the target given y is ε_p(y): the loss is still minimised by the true ε_p, only on a wider region.
 * (The resampling makes q_θ approximate, with an O(1/pool) bias, and only for the widened rows.)
 *
 * The network is trained on the residual over the Gaussian skip (mlpPreconditioning.ts): inputs
 * [L_t⁻¹(y − α_t m), f(t)] and targets target − ε_G(y, t). Both are computed here in float64, so the large
 * terms (σ_t/α_t)θ ≈ 160·θ at t = 1 cancel before the cast to float32.
 */
import type { Vec2 } from '../linalg2';
import { skipAtTime } from '../models/mlpPreconditioning';
import type { DataMoments } from '../models/mlpPreconditioning';
import { TIME_FEATURE_COUNT, writeTimeFeatures } from '../models/timeFeatures';
import type { Rng } from '../rng';
import { alpha, sigma, T_MIN } from '../schedule';
import type { Dataset } from '../datasets/types';

export const INPUT_WIDTH = 2 + TIME_FEATURE_COUNT;

export interface Widening {
  /** Share of each batch that is widened (0 turns it off). */
  fraction: number;
  /** θ is uniform in the disc ‖θ‖ ≤ thetaMax. */
  thetaMax: number;
  /** Size of the fresh data pool resampled toward each θ. */
  pool: number;
}

export interface Batch {
  /** [B, 18] row-major network inputs. */
  input: Float32Array;
  /** [B, 2] residual targets. */
  target: Float32Array;
}

/** Index j drawn with probability ∝ exp⟨θ, pool_j⟩ (log-space, max subtracted). */
function tiltedIndex(pool: Float32Array, theta: Vec2, rng: Rng, scratch: Float64Array): number {
  const n = pool.length / 2;
  let max = -Infinity;
  for (let j = 0; j < n; j++) {
    const v = theta[0] * pool[2 * j] + theta[1] * pool[2 * j + 1];
    scratch[j] = v;
    if (v > max) max = v;
  }
  let total = 0;
  for (let j = 0; j < n; j++) {
    scratch[j] = Math.exp(scratch[j] - max);
    total += scratch[j];
  }
  let u = rng.uniform() * total;
  for (let j = 0; j < n; j++) {
    u -= scratch[j];
    if (u < 0) return j;
  }
  return n - 1;
}

export class BatchBuilder {
  private readonly input: Float32Array;
  private readonly target: Float32Array;
  private readonly scratch: Float64Array;

  constructor(
    private readonly dataset: Dataset,
    private readonly moments: DataMoments,
    readonly size: number,
    private readonly widening: Widening,
    private readonly rng: Rng,
  ) {
    this.input = new Float32Array(size * INPUT_WIDTH);
    this.target = new Float32Array(size * 2);
    this.scratch = new Float64Array(Math.max(1, widening.pool));
  }

  next(): Batch {
    const { size, rng, widening } = this;
    const data = this.dataset.sample(size, rng);
    const wide = widening.thetaMax > 0 ? Math.round(widening.fraction * size) : 0;
    const pool = wide > 0 ? this.dataset.sample(widening.pool, rng) : null;
    for (let i = 0; i < size; i++) {
      const t = T_MIN + (1 - T_MIN) * rng.uniform();
      const a = alpha(t);
      const s = sigma(t);
      let x0x = data[2 * i];
      let x0y = data[2 * i + 1];
      let theta: Vec2 = [0, 0];
      if (pool && i < wide) {
        const radius = widening.thetaMax * Math.sqrt(rng.uniform());
        const phi = 2 * Math.PI * rng.uniform();
        theta = [radius * Math.cos(phi), radius * Math.sin(phi)];
        const j = tiltedIndex(pool, theta, rng, this.scratch);
        x0x = pool[2 * j];
        x0y = pool[2 * j + 1];
      }
      const ex = rng.normal();
      const ey = rng.normal();
      const shift = (s * s) / a;
      // y = α x_0 + σ ε + (σ²/α)θ; target ε + (σ/α)θ.
      const yx = a * x0x + s * ex + shift * theta[0];
      const yy = a * x0y + s * ey + shift * theta[1];
      const tx = ex + (s / a) * theta[0];
      const ty = ey + (s / a) * theta[1];
      const skip = skipAtTime(this.moments, t);
      const dx = yx - skip.center[0];
      const dy = yy - skip.center[1];
      const row = i * INPUT_WIDTH;
      this.input[row] = dx * skip.whitenT[0][0] + dy * skip.whitenT[1][0];
      this.input[row + 1] = dx * skip.whitenT[0][1] + dy * skip.whitenT[1][1];
      writeTimeFeatures(t, this.input, row + 2);
      this.target[2 * i] = tx - (dx * skip.epsGainT[0][0] + dy * skip.epsGainT[1][0]);
      this.target[2 * i + 1] = ty - (dx * skip.epsGainT[0][1] + dy * skip.epsGainT[1][1]);
    }
    return { input: this.input, target: this.target };
  }
}
