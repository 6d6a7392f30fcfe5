/**
 * The core contracts shared by models, rewards, samplers and diagnostics (architecture.md "Core contracts").
 * Tensors are [N, 2] batches of points in the plane; scalars such as t come in as numbers.
 */
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { ExactTarget } from './exact/target';
import type { Mat2, Vec2 } from './linalg2';
import type { SamplerSpecDescriptor } from './samplers/descriptor';

export type { Mat2, Vec2 };

/** A Gaussian mixture Σ_k π_k N(μ_k, S_k) in 2-D. Weights are normalised. */
export interface GmmSpec {
  weights: number[];
  means: Vec2[];
  covs: Mat2[];
}

/** ε̂ and x̂_0 at one (x, t). */
export interface Denoised {
  eps: Tensor2D;
  x0: Tensor2D;
}

/** ε-prediction for the VP process (§1). */
export interface Denoiser {
  readonly name: string;
  eps(x: Tensor2D, t: number): Tensor2D;
  /** Tweedie estimate E[x_0 | x_t = x]. */
  x0(x: Tensor2D, t: number): Tensor2D;
  /**
   * ε and x̂_0 at the same (x, t) from ONE evaluation (the samplers' one network forward per step). Optional: without
   * it, samplers take ε from `eps` and x̂_0 = (x − σ_t ε)/α_t by Tweedie (§1). It must return what `eps` and `x0`
   * return (the analytic GMM shares its responsibilities; the MLP derives x̂_0 from its ε exactly as `x0` does).
   * Both tensors are owned by the caller.
   */
  denoise?(x: Tensor2D, t: number): Denoised;
  /** Present for the analytic model: unlocks exact modes (closed-form tilt, exact reverse kernel, twists). */
  readonly exact?: GmmSpec;
  /** Release weights or other owned tensors. */
  dispose?(): void;
}

export type { RewardKind } from './scenario';
import type { RewardKind } from './scenario';

/** A reward r: R² → R. value/grad/prox return new tensors owned by the caller. */
export interface Reward {
  readonly kind: RewardKind;
  /** Human-readable formula, e.g. "r(x) = 1·x − 0.5·y". */
  readonly label: string;
  value(x: Tensor2D): Tensor1D;
  grad(x: Tensor2D): Tensor2D;
  /** W-prox oracle argmax_y r(y) − (λ_W/2)‖y − x‖² when closed form or cheap (§4). */
  prox?(x: Tensor2D, lambdaW: number): Tensor2D;
  /** Canonical form r(x) = −½ xᵀAx + bᵀx + c when r is a polynomial of degree ≤ 2 (linear: A = 0). */
  readonly polynomial?: { A: Mat2; b: Vec2; c: number };
  /** r(x) = max_i θ_i·x + b_i (convex). */
  readonly maxLinear?: { thetas: Vec2[]; biases: number[] };
  /** Known to be concave (the W-prox objective is then strongly concave). */
  readonly concave: boolean;
  /** Upper bound on ‖∇r‖ over the plane where known (used by grid searches). */
  readonly lipschitz?: number;
  /** Upper bound on the largest eigenvalue of −∇²r where known (gradient-ascent step size, §4). */
  readonly smoothness?: number;
}

/** Per-step chart quantities, one definition for all samplers (algorithms.md §5.4). */
export interface StepStats {
  /** Grid index of the time just reached (K−1 … 0); k = K is the initial noise. */
  k: number;
  t: number;
  meanReward: number;
  /** Incremental log-weight variance V_k (null where undefined, e.g. W-prox). */
  logWeightVar: number | null;
  /** Variance of the accumulated log-weights along lineages. */
  logWeightVarCum: number | null;
  ess: number | null;
  resampled: boolean;
  /** SMC: the tempering exponent β_k of this step (1 without tempering, §5.5). */
  beta?: number;
  /** SMC: conditional ESS of this step's incremental weights given the weights before it (§5.6), a count. */
  cess?: number;
  /** SMC: distinct ancestors among the N particles after this step's resampling; null when it did not resample. */
  unique?: number | null;
}

export interface StepFrame {
  stats: StepStats;
  /** Particle positions x_{t_k} (N×2 interleaved) when the context asks for them. */
  positions?: Float32Array;
  /** SMC: when this step resampled, the ancestor (pre-resampling index) of each particle after it (§5.6). */
  ancestors?: Int32Array;
}

export interface SamplerSummary {
  /** Which algorithm actually ran, e.g. "exact-gmm", "linear-shift", "guidance", "smc". */
  method: string;
  /** False when the sampler is only approximate for this (model, reward) pair. */
  exact: boolean;
  note?: string;
  /** Mean reward of the returned equally weighted samples. */
  meanReward: number;
  /** Closed-form log Z = log E_p e^{r/λ} where known. */
  logZ?: number;
  /** SMC estimate log Ẑ (unbiased Ẑ, §5.3). */
  logZHat?: number;
  /** W-prox: Monte-Carlo E‖T(x) − x‖² (= W₂² between base and output, §2.5). */
  transportCost?: number;
  /** Why logWeightVar is null, if it is. */
  logWeightReason?: string;
  resamplings?: number;
}

export interface SampleOutput {
  /** N×2 interleaved, equally weighted draws from the sampler's output law. */
  samples: Float32Array;
  /** Weighted particles before the final resample (SMC and weighted corrections). */
  weightedSamples?: Float32Array;
  logWeights?: Float64Array;
  /** SMC: every resampling of the run, in order, with the ancestor indices it drew (§5.6). */
  genealogy?: Genealogy;
  summary: SamplerSummary;
}

/** The resamplings of an SMC run: at grid index `steps[e]`, particle j after it descends from `ancestors[e][j]`. */
export interface Genealogy {
  steps: number[];
  ancestors: Int32Array[];
}

export interface SamplerContext {
  denoiser: Denoiser;
  reward: Reward;
  particles: number;
  steps: number;
  /** DDIM η ∈ [0, 1]; 1 = ancestral DDPM. */
  eta: number;
  /** "exact" uses the closed-form GMM reverse kernel (§2.2); needs denoiser.exact. */
  kernel: 'ddpm' | 'exact';
  seed: number;
  /** Read back x_{t_k} each step for display. */
  emitPositions: boolean;
}

/**
 * One sampler's descriptor, run side: its scenario descriptor (samplers/descriptor.ts: schema, defaults, control
 * metadata, checks), the closed-form target it samples where the analytic GMM gives one, and `run`, an async
 * generator of per-step frames that returns the final output.
 */
export interface SamplerDef<P extends { kind: string }> {
  readonly kind: P['kind'];
  readonly spec: SamplerSpecDescriptor<P['kind']>;
  /** The law this sampler targets on an analytic GMM, when it has a closed form (absent: never). */
  exactTarget?(model: GmmSpec, reward: Reward, params: P): ExactTarget | null;
  run(ctx: SamplerContext, params: P): AsyncGenerator<StepFrame, SampleOutput, void>;
}

/** Errors with a field path, raised for invalid input anywhere in core. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'FieldError';
  }
}
