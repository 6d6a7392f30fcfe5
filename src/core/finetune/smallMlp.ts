/**
 * A small fully connected net on raw tf.Variables (SiLU hidden layers), used where fine-tuning needs a net of
 * its own: the residual correction of an analytic model and the VMPO baseline M_φ(t) (§6.4). Weights are drawn
 * from a seeded Rng (Glorot-uniform), so a run is reproducible from its seed on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { Rng } from '../rng';

interface Dense {
  kernel: tf.Variable;
  bias: tf.Variable;
}

export class SmallMlp {
  private readonly layers: Dense[];

  private constructor(layers: Dense[]) {
    this.layers = layers;
  }

  /**
   * sizes = [in, hidden…, out]. With zeroOutput the last layer starts at 0, so the net starts as the zero
   * function: a residual starts as "no change" and M_φ starts at 0 (as in the VMPO code).
   */
  static create(sizes: number[], rng: Rng, zeroOutput: boolean): SmallMlp {
    const layers: Dense[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const last = l + 2 === sizes.length;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const w = new Float32Array(fanIn * fanOut);
      if (!(last && zeroOutput)) for (let i = 0; i < w.length; i++) w[i] = (2 * rng.uniform() - 1) * limit;
      layers.push({ kernel: ownedVariable(tf.tensor2d(w, [fanIn, fanOut])), bias: ownedVariable(tf.zeros([fanOut])) });
    }
    return new SmallMlp(layers);
  }

  get variables(): tf.Variable[] {
    return this.layers.flatMap((d) => [d.kernel, d.bias]);
  }

  apply(input: Tensor2D): Tensor2D {
    return tf.tidy(() => {
      let h: Tensor2D = input;
      this.layers.forEach((d, l) => {
        h = tf.add(tf.matMul(h, d.kernel as unknown as Tensor2D), d.bias) as Tensor2D;
        if (l + 1 < this.layers.length) h = tf.mul(h, tf.sigmoid(h)) as Tensor2D; // SiLU
      });
      return h;
    });
  }

  copy(): SmallMlp {
    return new SmallMlp(
      this.layers.map((d) => ({ kernel: ownedVariable(d.kernel.clone()), bias: ownedVariable(d.bias.clone()) })),
    );
  }

  dispose(): void {
    this.layers.forEach((d) => {
      d.kernel.dispose();
      d.bias.dispose();
    });
  }
}

/** A trainable variable made from `initial`, which it takes over (the source tensor is released). */
export function ownedVariable(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}
