/**
 * Feynman–Kac potentials of the SMC sampler (algorithms.md §5.1, table "Potentials"), in log form, per particle.
 *
 * Along a lineage the rewards are r_K, …, r_1 (Tweedie rewards r_k = r(x̂_0(x_k, t_k))) and r_0 = r(x_0). Every
 * potential is built so that Σ_k log G_k = r_0/λ along each ancestry, which makes the x_0-marginal of the
 * Feynman–Kac target q ∝ p·e^{r/λ}:
 *
 * | name        | log G_K     | log G_k, 1 ≤ k < K          | log G_0                    |
 * | diff        | r_K/λ       | (r_k − r_{k+1})/λ           | r_0/λ − Σ_{k≥1} log G_k    |
 * | max         | r_K/λ       | max_{j≥k} r_j/λ             | r_0/λ − Σ_{k≥1} log G_k    |
 * | sum         | r_K/λ       | Σ_{j≥k} r_j/λ               | r_0/λ − Σ_{k≥1} log G_k    |
 * | immediate   | r_K/λ       | r_k/λ                       | r_0/λ − Σ_{k≥1} log G_k    |
 * | twist-exact | log ψ_{t_K} | log ψ_{t_k} − log ψ_{t_{k+1}} | r_0/λ − Σ_{k≥1} log G_k  |
 *
 * For diff the final term telescopes to (r_0 − r_1)/λ and for twist-exact to r_0/λ − log ψ_{t_1}, as in the table
 * of §5.1; one generic closing term serves all five. The running statistic (previous reward, running max or sum,
 * previous log ψ) and the running Σ log G live per particle and are permuted on resampling (FK-code
 * `population_rs`, `product_of_potentials`).
 */
import type { PotentialKind } from './smc/spec';

export type { PotentialKind };

/** How one potential opens a lineage at x_K and extends it by one step; `stat` is its per-particle memory. */
interface PotentialRule {
  /** The log-potential at x_K and the statistic a lineage starts with. */
  first(reward: number, logPsi: number, lambda: number): { logG: number; stat: number };
  next(stat: number, reward: number, logPsi: number, lambda: number): { logG: number; stat: number };
}

const RULES: Readonly<Record<PotentialKind, PotentialRule>> = {
  diff: {
    first: (r, _psi, lambda) => ({ logG: r / lambda, stat: r }),
    next: (prev, r, _psi, lambda) => ({ logG: (r - prev) / lambda, stat: r }),
  },
  max: {
    first: (r, _psi, lambda) => ({ logG: r / lambda, stat: r }),
    next: (runningMax, r, _psi, lambda) => {
      const m = Math.max(runningMax, r);
      return { logG: m / lambda, stat: m };
    },
  },
  sum: {
    first: (r, _psi, lambda) => ({ logG: r / lambda, stat: r }),
    next: (runningSum, r, _psi, lambda) => {
      const s = runningSum + r;
      return { logG: s / lambda, stat: s };
    },
  },
  immediate: {
    first: (r, _psi, lambda) => ({ logG: r / lambda, stat: r }),
    next: (_stat, r, _psi, lambda) => ({ logG: r / lambda, stat: r }),
  },
  'twist-exact': {
    first: (_r, logPsi) => ({ logG: logPsi, stat: logPsi }),
    next: (prevLogPsi, _r, logPsi) => ({ logG: logPsi - prevLogPsi, stat: logPsi }),
  },
};

export function potentialNeedsTwist(kind: PotentialKind): boolean {
  return kind === 'twist-exact';
}

/** Per-particle potential state for one SMC run. All arithmetic is float64 on the host. */
export class LineagePotentials {
  private stat: Float64Array;
  private sumLogG: Float64Array;
  private readonly rule: PotentialRule;

  constructor(
    readonly kind: PotentialKind,
    readonly n: number,
    readonly lambda: number,
  ) {
    this.rule = RULES[kind];
    this.stat = new Float64Array(n);
    this.sumLogG = new Float64Array(n);
  }

  /** log G_K at the initial particles x_K. `logPsi` is log ψ_{t_K}(x_K), needed only by twist-exact. */
  first(rewards: ArrayLike<number>, logPsi: ArrayLike<number> | null): Float64Array {
    return this.apply(rewards, logPsi, (_i, r, psi) => this.rule.first(r, psi, this.lambda));
  }

  /** log G_k at x_k for 1 ≤ k < K. */
  next(rewards: ArrayLike<number>, logPsi: ArrayLike<number> | null): Float64Array {
    return this.apply(rewards, logPsi, (i, r, psi) => this.rule.next(this.stat[i], r, psi, this.lambda));
  }

  /**
   * log G_0 = r_0/λ − β·Σ_{k≥1} log G_k: closes every lineage on Π G = e^{r_0/λ}. `beta` is the tempering exponent
   * of the step before (§5.5: the tempered accumulated log-potential is β·S); 1 without tempering.
   */
  last(finalRewards: ArrayLike<number>, beta = 1): Float64Array {
    const logG = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      logG[i] = finalRewards[i] / this.lambda - beta * this.sumLogG[i];
      this.sumLogG[i] += logG[i];
    }
    return logG;
  }

  /** Carry each particle's lineage memory to its offspring. */
  permute(ancestors: ArrayLike<number>): void {
    const stat = new Float64Array(this.n);
    const sum = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      stat[i] = this.stat[ancestors[i]];
      sum[i] = this.sumLogG[ancestors[i]];
    }
    this.stat = stat;
    this.sumLogG = sum;
  }

  /** Σ log G so far along each particle's ancestry. */
  lineageSums(): Float64Array {
    return this.sumLogG.slice();
  }

  private apply(
    rewards: ArrayLike<number>,
    logPsi: ArrayLike<number> | null,
    step: (i: number, reward: number, logPsi: number) => { logG: number; stat: number },
  ): Float64Array {
    if (potentialNeedsTwist(this.kind) && !logPsi) throw new Error('the twist-exact potential needs log ψ_t values');
    const logG = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const out = step(i, rewards[i], logPsi ? logPsi[i] : 0);
      logG[i] = out.logG;
      this.stat[i] = out.stat;
      this.sumLogG[i] += out.logG;
    }
    return logG;
  }
}
