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
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { alpha, sigma } from '../schedule';
import type { Denoised, Denoiser } from '../types';
import { parseMlpCard } from './mlpCard';
import type { MlpArchitecture, MlpCard } from './mlpCard';
import { skipAtTime } from './mlpPreconditioning';
import type { DataMoments } from './mlpPreconditioning';
import { TIME_FEATURE_COUNT, timeFeatures, writeTimeFeatures } from './timeFeatures';

export const MLP_INPUTS = 2 + TIME_FEATURE_COUNT;

export const DEFAULT_ARCHITECTURE: MlpArchitecture = {
  inputs: 18,
  inputGain: 5,
  hidden: [128, 128, 128],
  activation: 'swish',
  timeFeatures: 'log-snr-sincos-16',
  output: 'eps-residual-over-gaussian',
};

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

/** The host-side constants of one time t (they depend on t and the data moments, never on the weights). */
interface TimeConstants {
  /**
   * [3, 2 + F] rows: the two rows of [whitenT | 0] and the row [−(α_t m)·whitenT | f(t)]. Times the first kernel W₁
   * it gives A_t = whitenT·W₁[z rows] (rows 0–1) and f(t)·W₁[f rows] − (α_t m)·A_t (row 2), so that the first layer's
   * pre-activation [z, f(t)]·W₁ + b₁ is x·A_t + (row 2 + b₁): one fused matmul of the raw points, no tiled features.
   */
  mix: Float32Array;
  /** epsGainT, row-major 2×2. */
  epsGain: Float32Array;
  /** (α_t m)·epsGainT, so that ε_G = x·epsGainT − this. */
  epsOffset: Float32Array;
}

/** Distinct times whose constants are kept; the grid has K + 1 ≤ 1001, the §3.3 time shift adds its own. */
const MAX_TIME_CONSTANTS = 4096;

function timeConstants(moments: DataMoments, t: number): TimeConstants {
  const skip = skipAtTime(moments, t);
  const w = skip.whitenT;
  const c = skip.center;
  const width = MLP_INPUTS;
  const mix = new Float32Array(3 * width);
  mix[0] = w[0][0];
  mix[1] = w[0][1];
  mix[width] = w[1][0];
  mix[width + 1] = w[1][1];
  mix[2 * width] = -(c[0] * w[0][0] + c[1] * w[1][0]);
  mix[2 * width + 1] = -(c[0] * w[0][1] + c[1] * w[1][1]);
  writeTimeFeatures(t, mix, 2 * width + 2);
  const g = skip.epsGainT;
  return {
    mix,
    epsGain: Float32Array.from([g[0][0], g[0][1], g[1][0], g[1][1]]),
    epsOffset: Float32Array.from([c[0] * g[0][0] + c[1] * g[1][0], c[0] * g[0][1] + c[1] * g[1][1]]),
  };
}

/** One dense layer's variables (the layers model's own: fine-tuning updates them in place, by assign). */
interface DenseVariables {
  kernel: Tensor2D;
  bias: Tensor1D;
}

/**
 * The layers model's dense layers, when it is the architecture `buildMlp` makes (dense layers with biases, 'swish'
 * hidden activations, a linear last layer); null for anything else, which then runs through the layers model.
 */
function denseVariables(model: tfl.LayersModel): DenseVariables[] | null {
  const layers = model.layers;
  if (layers.length < 2) return null;
  const out: DenseVariables[] = [];
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const config = layer.getConfig() as { activation?: string; useBias?: boolean };
    const expected = i === layers.length - 1 ? 'linear' : 'swish';
    if (layer.getClassName() !== 'Dense' || config.activation !== expected || config.useBias === false) return null;
    const weights = layer.weights.map((w) => w.read());
    if (weights.length !== 2 || weights[0].rank !== 2 || weights[1].rank !== 1) return null;
    out.push({ kernel: weights[0] as Tensor2D, bias: weights[1] as Tensor1D });
  }
  return out;
}

/** SiLU(h) = h·sigmoid(h), tfjs-layers' 'swish' (two kernels: tfjs fuses no activation that keeps h). */
function silu(h: Tensor2D): Tensor2D {
  return tf.mul(h, tf.sigmoid(h)) as Tensor2D;
}

export class MlpDenoiser implements Denoiser {
  private readonly dense: DenseVariables[] | null;
  private readonly constants = new Map<number, TimeConstants>();

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
    // Read once: the variables are the model's own, so weight updates (setWeights, optimisers) are seen by every call.
    this.dense = denseVariables(model);
  }

  /** A denoiser from a loaded layers model and its validated card. */
  static fromCard(model: tfl.LayersModel, card: MlpCard): MlpDenoiser {
    const hidden = model.layers.slice(0, -1).map((l) => (l.getConfig() as { units?: number }).units);
    if (hidden.length !== card.architecture.hidden.length || hidden.some((u, i) => u !== card.architecture.hidden[i])) {
      throw new Error(`model "${card.name}": the weights file has hidden layers [${hidden.join(', ')}] but the card says [${card.architecture.hidden.join(', ')}]`);
    }
    return new MlpDenoiser(model, card.moments, card.name);
  }

  private timeConstants(t: number): TimeConstants {
    let c = this.constants.get(t);
    if (!c) {
      if (this.constants.size >= MAX_TIME_CONSTANTS) this.constants.clear();
      c = timeConstants(this.moments, t);
      this.constants.set(t, c);
    }
    return c;
  }

  /**
   * ε(x, t) = ε_G(x, t) + net(z, f(t)), for any continuous t ∈ (0, 1]. One tidy; each layer is one fused
   * matmul-with-bias and the SiLU; the whitening, the time features and the Gaussian skip's offset are folded
   * into per-call [3, 128] and [2] constants, so no [N, 18] input is built. Differentiable in x and in the weights.
   */
  eps(x: Tensor2D, t: number): Tensor2D {
    const dense = this.dense;
    if (!dense) return this.layersEps(x, t);
    const c = this.timeConstants(t);
    return tf.tidy(() => {
      const first = dense[0];
      const width = first.kernel.shape[1];
      const folded = tf.matMul(tf.tensor2d(c.mix, [3, MLP_INPUTS]), first.kernel);
      const a = tf.slice(folded, [0, 0], [2, width]) as Tensor2D;
      const b = tf.add(tf.reshape(tf.slice(folded, [2, 0], [1, width]), [width]), first.bias) as Tensor1D;
      let h = silu(tf.fused.matMul({ a: x, b: a, bias: b }) as Tensor2D);
      for (let i = 1; i < dense.length - 1; i++) {
        h = silu(tf.fused.matMul({ a: h, b: dense[i].kernel, bias: dense[i].bias }) as Tensor2D);
      }
      const last = dense[dense.length - 1];
      // ε_G = (x − α_t m)·epsGainT = x·epsGainT − (α_t m)·epsGainT, with the last layer's bias folded in.
      const skipBias = tf.sub(last.bias, tf.tensor1d(c.epsOffset)) as Tensor1D;
      const skip = tf.fused.matMul({ a: x, b: tf.tensor2d(c.epsGain, [2, 2]), bias: skipBias });
      return tf.add(tf.matMul(h, last.kernel), skip) as Tensor2D;
    });
  }

  /** The forward through the layers model itself (architectures other than `buildMlp`'s). */
  private layersEps(x: Tensor2D, t: number): Tensor2D {
    const skip = skipAtTime(this.moments, t);
    return tf.tidy(() => {
      const centred = tf.sub(x, tf.tensor1d(skip.center)) as Tensor2D;
      const z = tf.matMul(centred, tf.tensor2d(skip.whitenT.flat(), [2, 2]));
      const features = tf.tile(tf.tensor2d(timeFeatures(t), [1, TIME_FEATURE_COUNT]), [x.shape[0], 1]);
      const residual = this.model.apply(tf.concat([z, features], 1)) as Tensor2D;
      return tf.add(tf.matMul(centred, tf.tensor2d(skip.epsGainT.flat(), [2, 2])), residual) as Tensor2D;
    });
  }

  /** Tweedie (§1): x̂_0 = (x − σ_t ε̂)/α_t. */
  x0(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => tweedie(x, this.eps(x, t), t));
  }

  /** ε and x̂_0 from one forward (x̂_0 by Tweedie from that ε, the same operations as `x0`). */
  denoise(x: Tensor2D, t: number): Denoised {
    return tf.tidy(() => {
      const eps = this.eps(x, t);
      return { eps, x0: tweedie(x, eps, t) };
    });
  }

  dispose(): void {
    this.model.dispose();
    this.constants.clear();
  }
}

function tweedie(x: Tensor2D, eps: Tensor2D, t: number): Tensor2D {
  return tf.div(tf.sub(x, tf.mul(eps, sigma(t))), alpha(t)) as Tensor2D;
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
