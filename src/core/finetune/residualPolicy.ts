/**
 * A trainable model made from any fixed denoiser (typically the analytic GMM, §2.1) plus a small residual net:
 * ε_θ(x, t) = ε_base(x, t) + f_θ(x, features(t)). The residual's last layer starts at 0, so before the first
 * update the policy IS the base model: fine-tuning then starts from an exact pretrained model whose tilted target
 * is known in closed form (§2.3), which is what the tests and the report compare against.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { TIME_FEATURE_COUNT, timeFeatures } from '../models/timeFeatures';
import { Rng } from '../rng';
import { x0FromEps } from '../samplers/chain';
import type { Denoiser } from '../types';
import type { TrainableDenoiser } from './policy';
import { SmallMlp } from './smallMlp';

export class ResidualPolicy implements TrainableDenoiser {
  readonly name: string;

  private constructor(
    private readonly base: Denoiser,
    private readonly net: SmallMlp,
  ) {
    this.name = `${base.name}+residual`;
  }

  /** hidden: widths of the residual's hidden layers (default two of 64). `base` stays owned by the caller. */
  static create(base: Denoiser, seed: number, hidden: number[] = [64, 64]): ResidualPolicy {
    const net = SmallMlp.create([2 + TIME_FEATURE_COUNT, ...hidden, 2], new Rng(seed, 'finetune/residual-init'), true);
    return new ResidualPolicy(base, net);
  }

  eps(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => {
      const n = x.shape[0];
      const features = tf.tile(tf.tensor2d(timeFeatures(t), [1, TIME_FEATURE_COUNT]), [n, 1]);
      return tf.add(this.base.eps(x, t), this.net.apply(tf.concat([x, features], 1) as Tensor2D)) as Tensor2D;
    });
  }

  x0(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => x0FromEps(x, this.eps(x, t), t));
  }

  trainableVariables(): tf.Variable[] {
    return this.net.variables;
  }

  copy(): ResidualPolicy {
    return new ResidualPolicy(this.base, this.net.copy());
  }

  /** Releases the residual's weights (the base belongs to the caller). */
  dispose(): void {
    this.net.dispose();
  }
}
