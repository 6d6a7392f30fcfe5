/**
 * The learned MLP denoiser as a fine-tuning policy. The wrapped model stays an ordinary MlpDenoiser (same card
 * moments, same Gaussian skip, same time features), so after fine-tuning `policy.denoiser` can be handed to any
 * sampler; the trainable variables are the layers model's weights.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildMlp, DEFAULT_ARCHITECTURE, MlpDenoiser } from '../models/mlp';
import type { TrainableDenoiser } from './policy';

/** A layers model with the same architecture and a copy of the weights. */
function cloneModel(model: tfl.LayersModel): tfl.LayersModel {
  const hidden = model.layers.slice(0, -1).map((l) => (l.getConfig() as { units: number }).units);
  const copy = buildMlp({ ...DEFAULT_ARCHITECTURE, hidden }, 0);
  copy.setWeights(model.getWeights());
  return copy;
}

export class MlpPolicy implements TrainableDenoiser {
  constructor(readonly denoiser: MlpDenoiser) {}

  get name(): string {
    return this.denoiser.name;
  }

  eps(x: Tensor2D, t: number): Tensor2D {
    return this.denoiser.eps(x, t);
  }

  x0(x: Tensor2D, t: number): Tensor2D {
    return this.denoiser.x0(x, t);
  }

  trainableVariables(): tf.Variable[] {
    return this.denoiser.model.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  copy(): MlpPolicy {
    return new MlpPolicy(new MlpDenoiser(cloneModel(this.denoiser.model), this.denoiser.moments, this.denoiser.name));
  }

  dispose(): void {
    this.denoiser.dispose();
  }
}
