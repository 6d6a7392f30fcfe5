/**
 * The best W-prox oracle a reward allows (§4): its closed form (reward.prox: §2.5 for polynomials, the exact
 * candidate set for max-linear), gradient ascent for a concave reward with a smoothness bound, otherwise a 2-D
 * grid search. Each map call says whether its result is exact and, if not, how far off it can be.
 */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { Reward } from '../../types';
import { gradientAscentProx } from './gradientAscent';
import { gridSearchProx, GRID_POINTS, POLISH_ROUNDS } from './gridSearch';
import { assertProxWellPosed } from '../../rewards/proxWellPosed';

export type ProxMethod = 'closed-form' | 'gradient-ascent' | 'grid';

export interface ProxOutcome {
  /** T(x), a new tensor owned by the caller. */
  y: Tensor2D;
  exact: boolean;
  note?: string;
}

export interface ProxOracle {
  readonly method: ProxMethod;
  /** At most this many particles for the per-step chart (null: all of them). */
  readonly chartParticles: number | null;
  map(x: Tensor2D): Promise<ProxOutcome>;
}

/** The grid oracle charts each step on a fixed subset: it costs ~points² + 25·rounds reward calls per particle. */
export const GRID_CHART_PARTICLES = 128;

function fmt(v: number): string {
  return Number(v.toPrecision(3)).toString();
}

/** Throws FieldError('sampler.lambda') when the W-prox step has no maximiser (polynomial reward, A + λ_W I ⊁ 0). */
export function proxOracleFor(reward: Reward, lambdaW: number): ProxOracle {
  if (reward.polynomial) assertProxWellPosed(reward.polynomial.A, lambdaW);
  const prox = reward.prox;
  if (prox) {
    const note = reward.maxLinear
      ? 'exact prox of a max-linear reward: y = x + θ_i/λ_W for the piece maximising θ_i·x + b_i + ‖θ_i‖²/(2λ_W)'
      : 'closed-form map (algorithms.md §2.5)';
    return {
      method: 'closed-form',
      chartParticles: null,
      map: async (x) => ({ y: prox(x, lambdaW), exact: true, note }),
    };
  }
  if (reward.concave && reward.smoothness !== undefined) {
    return {
      method: 'gradient-ascent',
      chartParticles: null,
      map: async (x) => {
        const r = await gradientAscentProx(reward, x, lambdaW);
        const note =
          `gradient ascent on the strongly concave objective: ${r.iterations} iterations, max residual ` +
          `‖∇r(y) − λ_W(y − x)‖ = ${r.residual.toExponential(2)}${r.converged ? '' : ' (did not reach 1e-6)'}`;
        return { y: r.y, exact: r.converged, note };
      },
    };
  }
  return {
    method: 'grid',
    chartParticles: GRID_CHART_PARTICLES,
    map: async (x) => {
      const { y, report } = await gridSearchProx(reward, x, lambdaW);
      const L = report.lipschitzEstimated
        ? `L ≈ ${fmt(report.lipschitz)} (estimated from gradient norms on a probe grid, not a proven bound)`
        : `L = ${fmt(report.lipschitz)}`;
      const note =
        `grid search over offsets ‖y − x‖∞ ≤ ${fmt(report.radius)} (${GRID_POINTS}×${GRID_POINTS} nodes, spacing ` +
        `h = ${fmt(report.spacing)}, then ${POLISH_ROUNDS} local refinements), ${L}: each objective ` +
        `r(y) − (λ_W/2)‖y − x‖² is within ${fmt(report.valueErrorBound)} of the best in the searched square, and never ` +
        `below its value at y = x`;
      return { y, exact: false, note };
    },
  };
}
