/**
 * log M_p(θ) = log E_p e^{⟨θ,x⟩} for a model known only through its denoiser, by thermodynamic integration
 * (algorithms.md §3.4 item 3): log M_p(θ) = ∫₀¹ E_{q_{sθ}}⟨θ, x⟩ ds, with 8 Gauss–Legendre nodes in s, each node a
 * batch of draws from the exact linear tilt q_{sθ} (§3.2). All nodes and all θ run as one batch with per-particle θ.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { Vec2 } from '../../linalg2';
import type { Rng } from '../../rng';
import { timeGrid } from '../../schedule';
import type { Denoiser } from '../../types';
import { denoiserStepLaw, disposeLaw, drawNoise, initialParticles, sampleLaw } from '../chain';
import { linearShiftDenoiser } from '../tilts';

/** 8-point Gauss–Legendre rule on [−1, 1]. */
const GL_NODES = [
  -0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498,
  0.525532409916329, 0.7966664774136267, 0.9602898564975363,
];
const GL_WEIGHTS = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783362062, 0.362683783362062,
  0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
];

export interface LogMgfEstimate {
  logMgf: number;
  /** Monte-Carlo standard error of the estimate (the quadrature error is not included). */
  standardError: number;
}

/**
 * Thermodynamic-integration estimates of log M_p(θ_j) for each θ_j, with `batch` draws per (node, θ_j) from a
 * `steps`-step chain of DDIM(η) (η = 1: ancestral). Random numbers come from `rng` only.
 */
export async function thermodynamicLogMgf(
  denoiser: Denoiser,
  thetas: Vec2[],
  opts: { batch: number; steps: number; eta: number; rng: Rng },
): Promise<LogMgfEstimate[]> {
  const B = opts.batch;
  const nodes = GL_NODES.length;
  const n = thetas.length * nodes * B;
  // Particle layout: [θ_j][node][b].
  const thetaHost = new Float32Array(2 * n);
  thetas.forEach((theta, j) =>
    GL_NODES.forEach((xi, q) => {
      const s = 0.5 * (1 + xi);
      for (let b = 0; b < B; b++) {
        const i = (j * nodes + q) * B + b;
        thetaHost[2 * i] = s * theta[0];
        thetaHost[2 * i + 1] = s * theta[1];
      }
    }),
  );
  const grid = timeGrid(opts.steps);
  const thetaT = tf.tensor2d(thetaHost, [n, 2]);
  const tilted = linearShiftDenoiser(denoiser, thetaT);
  const init = opts.rng.fork('init');
  const noise = opts.rng.fork('noise');
  let x: Tensor2D = initialParticles(init, n);
  let points: Float32Array;
  try {
    for (let k = opts.steps; k >= 1; k--) {
      const law = denoiserStepLaw(tilted, x, grid[k], grid[k - 1], opts.eta);
      const next = sampleLaw(law, drawNoise(noise, n));
      disposeLaw(law);
      x.dispose();
      x = next;
    }
    const x0 = tilted.x0(x, grid[0]);
    points = (await x0.data()) as Float32Array;
    x0.dispose();
  } finally {
    x.dispose();
    thetaT.dispose();
  }
  return thetas.map((theta, j) => {
    let estimate = 0;
    let variance = 0;
    GL_NODES.forEach((_, q) => {
      let sum = 0;
      let sumSq = 0;
      for (let b = 0; b < B; b++) {
        const i = (j * nodes + q) * B + b;
        const v = theta[0] * points[2 * i] + theta[1] * points[2 * i + 1];
        sum += v;
        sumSq += v * v;
      }
      const mean = sum / B;
      const w = 0.5 * GL_WEIGHTS[q];
      estimate += w * mean;
      variance += (w * w * Math.max(sumSq / B - mean * mean, 0)) / B;
    });
    return { logMgf: estimate, standardError: Math.sqrt(variance) };
  });
}
