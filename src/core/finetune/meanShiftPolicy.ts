/**
 * The one-parameter mean-shift family: the base law moved by s·u, p_s(x) = p(x − s u). Its noised law is
 * p_t(x − α_t s u), so ε_s(x, t) = ε_base(x − α_t s u, t) and x̂0_s(x, t) = x̂0_base(x − α_t s u, t) + s u.
 * For a single-Gaussian base every quantity of §6 is then linear-Gaussian and can be computed by hand, which is
 * what the gradient tests (§7 checks 26–28) need; for a single Gaussian and a linear reward the family even
 * contains the tilted target (§2.3 (i): the tilt is the shift S θ).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { alpha } from '../schedule';
import { x0FromEps } from '../samplers/chain';
import type { Denoiser, Vec2 } from '../types';
import type { TrainableDenoiser } from './policy';
import { ownedVariable } from './smallMlp';

export class MeanShiftPolicy implements TrainableDenoiser {
  readonly name: string;
  /** The shift s (a scalar variable). */
  readonly shift: tf.Variable;

  constructor(
    private readonly base: Denoiser,
    readonly direction: Vec2,
    initial: number | tf.Scalar = 0,
  ) {
    this.name = `${base.name}+shift`;
    this.shift = ownedVariable(typeof initial === 'number' ? tf.scalar(initial) : initial.clone());
  }

  eps(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => {
      const offset = tf.mul(tf.tensor1d(this.direction), tf.mul(this.shift, alpha(t)));
      return this.base.eps(tf.sub(x, offset) as Tensor2D, t);
    });
  }

  x0(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => x0FromEps(x, this.eps(x, t), t));
  }

  trainableVariables(): tf.Variable[] {
    return [this.shift];
  }

  copy(): MeanShiftPolicy {
    return new MeanShiftPolicy(this.base, this.direction, this.shift as tf.Scalar);
  }

  /** Releases the shift variable (the base belongs to the caller). */
  dispose(): void {
    this.shift.dispose();
  }
}
