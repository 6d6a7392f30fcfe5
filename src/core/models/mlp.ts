/**
 * The learned denoiser: an MLP ε-network for the VP process (§1), in the tfjs layers format.
 *
 * Network: [z (2), time features (16)] → 128 → 128 → 128 → 2 with SiLU ('swish') activations, where
 * - z = 5·L_t⁻¹(x − α_t m) is the point whitened by the noised data Gaussian, amplified (mlpPreconditioning.ts);
 * - the time features are 16 sinusoids of log SNR_t (timeFeatures.ts), defined for any continuous t ∈ (0, 1];
 * - the output is the residual of ε over the exact ε of the data Gaussian: ε = ε_G(x, t) + net(z, f(t)).
 * The last layer starts at zero, so an untrained network is exactly the Gaussian fit of the data.
 * x̂_0 follows by Tweedie (§1): x̂_0 = (x − σ_t ε)/α_t.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { alpha, sigma } from '../schedule';
import type { Denoiser } from '../types';
import { parseMlpCard } from './mlpCard';
import type { MlpArchitecture, MlpCard } from './mlpCard';
import { skipAtTime } from './mlpPreconditioning';
import type { DataMoments } from './mlpPreconditioning';
import { TIME_FEATURE_COUNT, timeFeatures } from './timeFeatures';

export const MLP_INPUTS = 2 + TIME_FEATURE_COUNT;

export const DEFAULT_ARCHITECTURE: MlpArchitecture = {
  inputs: 18,
  inputGain: 5,
  hidden: [128, 128, 128],
  activation: 'swish',
  timeFeatures: 'log-snr-sincos-16',
  output: 'eps-residual-over-gaussian',
};

function mat(m: [[number, number], [number, number]]): Tensor2D {
  return tf.tensor2d([m[0][0], m[0][1], m[1][0], m[1][1]], [2, 2]);
}

/** A fresh network with seeded Glorot-uniform hidden layers and a zero output layer. */
export function buildMlp(arch: MlpArchitecture, seed: number): tfl.Sequential {
  const model = tfl.sequential();
  arch.hidden.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        units,
        activation: arch.activation,
        inputShape: i === 0 ? [MLP_INPUTS] : undefined,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: seed * 97 + i }),
      }),
    );
  });
  model.add(tfl.layers.dense({ units: 2, kernelInitializer: 'zeros' }));
  return model;
}

/** Network input rows [z, f(t)] for one shared time t, and the centred points x − α_t m. */
function networkInput(x: Tensor2D, t: number, moments: DataMoments): { input: Tensor2D; centred: Tensor2D } {
  const skip = skipAtTime(moments, t);
  const centred = tf.sub(x, tf.tensor1d(skip.center)) as Tensor2D;
  const z = tf.matMul(centred, mat(skip.whitenT));
  const features = tf.tile(tf.tensor2d(timeFeatures(t), [1, TIME_FEATURE_COUNT]), [x.shape[0], 1]);
  return { input: tf.concat([z, features], 1) as Tensor2D, centred };
}

export class MlpDenoiser implements Denoiser {
  constructor(
    readonly model: tfl.LayersModel,
    readonly moments: DataMoments,
    readonly name: string,
  ) {
    const inShape = model.inputs[0].shape;
    const outShape = model.outputs[0].shape;
    if (inShape[inShape.length - 1] !== MLP_INPUTS || outShape[outShape.length - 1] !== 2) {
      throw new Error(`model "${name}" maps ${inShape[inShape.length - 1]} inputs to ${outShape[outShape.length - 1]} outputs; expected ${MLP_INPUTS} → 2`);
    }
  }

  /** A denoiser from a loaded layers model and its validated card. */
  static fromCard(model: tfl.LayersModel, card: MlpCard): MlpDenoiser {
    const hidden = model.layers.slice(0, -1).map((l) => (l.getConfig() as { units?: number }).units);
    if (hidden.length !== card.architecture.hidden.length || hidden.some((u, i) => u !== card.architecture.hidden[i])) {
      throw new Error(`model "${card.name}": the weights file has hidden layers [${hidden.join(', ')}] but the card says [${card.architecture.hidden.join(', ')}]`);
    }
    return new MlpDenoiser(model, card.moments, card.name);
  }

  /** ε(x, t) = ε_G(x, t) + net(z, f(t)), for any continuous t ∈ (0, 1]. */
  eps(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => {
      const { input, centred } = networkInput(x, t, this.moments);
      const residual = this.model.apply(input) as Tensor2D;
      return tf.add(tf.matMul(centred, mat(skipAtTime(this.moments, t).epsGainT)), residual) as Tensor2D;
    });
  }

  /** Tweedie (§1): x̂_0 = (x − σ_t ε̂)/α_t. */
  x0(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => tf.div(tf.sub(x, tf.mul(this.eps(x, t), sigma(t))), alpha(t)) as Tensor2D);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Loads public/models/<name>/ in the page or a worker: `base` is the folder URL (card.json and model.json
 * live there). Rejects with a message naming the file when the card is malformed.
 */
export async function loadModelFromUrl(base: string): Promise<{ card: MlpCard; denoiser: MlpDenoiser }> {
  const root = base.endsWith('/') ? base.slice(0, -1) : base;
  const response = await fetch(`${root}/card.json`);
  if (!response.ok) throw new Error(`model card ${root}/card.json: HTTP ${response.status}`);
  const card = parseMlpCard(await response.json(), `${root}/card.json`);
  const model = await tfl.loadLayersModel(`${root}/model.json`);
  return { card, denoiser: MlpDenoiser.fromCard(model, card) };
}
