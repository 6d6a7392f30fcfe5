/**
 * Acceptance check for the sampling core on Gaussian mixtures it has never seen.
 *
 * For seeded random GMMs (3–5 components, arbitrary covariances) and linear, quadratic and max-linear rewards at
 * λ ∈ [0.3, 3], it runs `npm run sample`'s code path (runScenario, wasm) for KL-tilt (auto), SMC with every potential
 * that applies, and W-prox, and compares with the exact target:
 *  - target mean and component fractions π'_k of q ∝ p·e^{r/λ}: closed form (§2.3) for linear/quadratic rewards,
 *    2-D quadrature on a fine grid for max-linear (no closed form);
 *  - component fractions are estimated without labels through E_q[γ_k^p(x)] = π'_k, since q/p = e^{r/λ}/Z;
 *  - W-prox: mean and covariance of the closed-form pushforward (§2.5).
 * Standard errors: iid draws use sd/√N; SMC uses the self-normalised-IS standard error of its weighted particles
 * (√Σ W̄ᵢ²(xᵢ − x̄)²) — an optimistic SE, since lineages correlate — and the check reports |error|/SE.
 *
 * Usage: npx tsx scripts/check-random-gmm.ts [--seed S] [--cases 3] [--particles 4096]
 */
import '@tensorflow/tfjs';
import { useNodeBackend } from '../src/cli/backend';
import { runScenario } from '../src/core/run';
import { Rng } from '../src/core/rng';
import { tiltGmm, wProxPushforward } from '../src/core/exact';
import { buildReward } from '../src/core/rewards/index';
import type { GmmSpec, Mat2, Vec2 } from '../src/core/types';
import type { RewardSpec, ScenarioInput } from '../src/core/scenario';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SEED = opt('seed', 2026);
const CASES = opt('cases', 3);
const N = opt('particles', 4096);
const K = opt('steps', 100);

function randomGmm(rng: Rng): GmmSpec {
  const K = 3 + rng.int(3);
  const raw = Array.from({ length: K }, () => 0.3 + rng.uniform());
  const total = raw.reduce((a, b) => a + b, 0);
  const means: Vec2[] = Array.from({ length: K }, () => [6 * rng.uniform() - 3, 6 * rng.uniform() - 3]);
  const covs: Mat2[] = Array.from({ length: K }, () => {
    const a = Math.PI * rng.uniform();
    const s1 = 0.05 + 0.55 * rng.uniform();
    const s2 = 0.05 + 0.55 * rng.uniform();
    const c = Math.cos(a);
    const s = Math.sin(a);
    return [
      [c * c * s1 + s * s * s2, c * s * (s1 - s2)],
      [c * s * (s1 - s2), s * s * s1 + c * c * s2],
    ];
  });
  return { weights: raw.map((w) => w / total), means, covs };
}

function logNormal(x: number, y: number, m: Vec2, S: Mat2): number {
  const det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
  const dx = x - m[0];
  const dy = y - m[1];
  const q = (S[1][1] * dx * dx - 2 * S[0][1] * dx * dy + S[0][0] * dy * dy) / det;
  return -0.5 * q - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
}

/** Base responsibilities γ_k^p(x) at t = 0. */
function responsibilities(spec: GmmSpec, x: number, y: number): number[] {
  const l = spec.weights.map((w, k) => Math.log(w) + logNormal(x, y, spec.means[k], spec.covs[k]));
  const m = Math.max(...l);
  const e = l.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Target mean and component fractions of q ∝ p·e^{r/λ} by quadrature on a 700×700 grid (max-linear rewards). */
function gridTarget(spec: GmmSpec, r: (x: number, y: number) => number, lambda: number) {
  const lo = -12;
  const hi = 12;
  const n = 700;
  const h = (hi - lo) / n;
  let Z = 0;
  let mx = 0;
  let my = 0;
  const frac = new Array(spec.weights.length).fill(0);
  let maxLog = -Infinity;
  const logs: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = lo + (i + 0.5) * h;
      const y = lo + (j + 0.5) * h;
      const comps = spec.weights.map((w, k) => Math.log(w) + logNormal(x, y, spec.means[k], spec.covs[k]));
      const m = Math.max(...comps);
      const lp = m + Math.log(comps.reduce((a, v) => a + Math.exp(v - m), 0));
      const v = lp + r(x, y) / lambda;
      logs.push(v);
      if (v > maxLog) maxLog = v;
    }
  let idx = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = lo + (i + 0.5) * h;
      const y = lo + (j + 0.5) * h;
      const w = Math.exp(logs[idx++] - maxLog);
      if (w < 1e-300) continue;
      Z += w;
      mx += w * x;
      my += w * y;
      const g = responsibilities(spec, x, y);
      g.forEach((v, k) => (frac[k] += w * v));
    }
  return { mean: [mx / Z, my / Z] as Vec2, fractions: frac.map((f) => f / Z) };
}

interface Estimate {
  value: number;
  se: number;
}

function estimate(values: number[], weights: number[] | null): Estimate {
  if (!weights) {
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const v = values.reduce((a, b) => a + (b - m) * (b - m), 0) / (values.length - 1);
    return { value: m, se: Math.sqrt(v / values.length) };
  }
  const m = values.reduce((a, b, i) => a + weights[i] * b, 0);
  const v = values.reduce((a, b, i) => a + weights[i] * weights[i] * (b - m) * (b - m), 0);
  return { value: m, se: Math.sqrt(v) };
}

function normalise(logW: number[]): number[] {
  const m = Math.max(...logW);
  const e = logW.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

await useNodeBackend('wasm');
const rng = new Rng(SEED, 'acceptance');
let worst = 0;
let checks = 0;
let failures = 0;
const rows: string[] = [];

for (let c = 0; c < CASES; c++) {
  const gmm = randomGmm(rng);
  const lambda = 0.3 + 2.7 * rng.uniform();
  const ang = 2 * Math.PI * rng.uniform();
  const rewards: RewardSpec[] = [
    { kind: 'linear', theta: [Math.cos(ang), Math.sin(ang)] },
    {
      kind: 'quadratic',
      A: [
        [0.3 + 1.2 * rng.uniform(), 0.2 * (rng.uniform() - 0.5)],
        [0.2 * (rng.uniform() - 0.5), 0.3 + 1.2 * rng.uniform()],
      ] as Mat2,
      c: [4 * rng.uniform() - 2, 4 * rng.uniform() - 2],
    },
    {
      kind: 'max-linear',
      thetas: [
        [Math.cos(ang), Math.sin(ang)],
        [-Math.cos(ang + 0.7), -Math.sin(ang + 0.7)],
      ],
      biases: [0, 0.3],
    },
  ];
  // Keep the quadratic's A symmetric.
  const A = (rewards[1] as { A: Mat2 }).A;
  A[1][0] = A[0][1];
  const model = { kind: 'gmm' as const, ...gmm };
  for (const rewardSpec of rewards) {
    const reward = buildReward(rewardSpec);
    let target: { mean: Vec2; fractions: number[] };
    if (reward.polynomial) {
      const q = tiltGmm(gmm, reward.polynomial, lambda).spec;
      const mean: Vec2 = [0, 0];
      q.weights.forEach((w, k) => {
        mean[0] += w * q.means[k][0];
        mean[1] += w * q.means[k][1];
      });
      target = { mean, fractions: q.weights };
    } else {
      const { thetas, biases } = reward.maxLinear!;
      target = gridTarget(gmm, (x, y) => Math.max(...thetas.map((t, j) => t[0] * x + t[1] * y + biases[j])), lambda);
    }
    const samplers: ScenarioInput['sampler'][] = [
      { kind: 'kl-tilt', lambda, method: 'auto' },
      ...(['diff', 'max', 'sum', 'immediate'] as const).map((potential) => ({ kind: 'smc' as const, lambda, potential })),
    ];
    if (reward.polynomial) samplers.push({ kind: 'smc', lambda, potential: 'twist-exact' });
    for (const sampler of samplers) {
      const result = await runScenario({ model, reward: rewardSpec, sampler, particles: N, steps: K, seed: 7 + c });
      const pts = result.weightedSamples ?? result.samples;
      const w = result.logWeights && sampler.kind === 'smc' ? normalise(result.logWeights) : null;
      const usePts = w ? pts : result.samples;
      const ests = [
        estimate(usePts.map((p) => p[0]), w),
        estimate(usePts.map((p) => p[1]), w),
        ...gmm.weights.map((_, k) => estimate(usePts.map((p) => responsibilities(gmm, p[0], p[1])[k]), w)),
      ];
      const truth = [target.mean[0], target.mean[1], ...target.fractions];
      const z = ests.map((e, i) => Math.abs(e.value - truth[i]) / e.se);
      const zmax = Math.max(...z);
      checks += z.length;
      failures += z.filter((v) => v > 4).length;
      worst = Math.max(worst, zmax);
      const label = sampler.kind === 'smc' ? `smc/${sampler.potential}` : `${sampler.kind}(${result.summary.method})`;
      rows.push(
        `case ${c} K=${gmm.weights.length} λ=${lambda.toFixed(2)} ${rewardSpec.kind.padEnd(10)} ${label.padEnd(26)} ` +
          `mean err (${(ests[0].value - truth[0]).toFixed(3)}, ${(ests[1].value - truth[1]).toFixed(3)}) ` +
          `max|frac err| ${Math.max(...ests.slice(2).map((e, k) => Math.abs(e.value - target.fractions[k]))).toFixed(3)} ` +
          `max z ${zmax.toFixed(2)}`,
      );
      console.log(rows[rows.length - 1]);
    }
    if (reward.polynomial && reward.concave) {
      const lambdaW = 0.3 + 2.7 * rng.uniform();
      const push = wProxPushforward(gmm, reward.polynomial, lambdaW).spec;
      const result = await runScenario({ model, reward: rewardSpec, sampler: { kind: 'w-prox', lambda: lambdaW }, particles: N, steps: 100, seed: 11 + c });
      const ex = estimate(result.samples.map((p) => p[0]), null);
      const ey = estimate(result.samples.map((p) => p[1]), null);
      const m: Vec2 = [0, 0];
      push.weights.forEach((w, k) => {
        m[0] += w * push.means[k][0];
        m[1] += w * push.means[k][1];
      });
      const z = Math.max(Math.abs(ex.value - m[0]) / ex.se, Math.abs(ey.value - m[1]) / ey.se);
      checks += 2;
      failures += [Math.abs(ex.value - m[0]) / ex.se, Math.abs(ey.value - m[1]) / ey.se].filter((v) => v > 4).length;
      worst = Math.max(worst, z);
      console.log(
        `case ${c} K=${gmm.weights.length} λ_W=${lambdaW.toFixed(2)} ${rewardSpec.kind.padEnd(10)} w-prox(${result.summary.method}) ` +
          `mean err (${(ex.value - m[0]).toFixed(3)}, ${(ey.value - m[1]).toFixed(3)}) transport ${result.summary.transportCost?.toFixed(3)} ` +
          `vs exact ${result.summary.exactTransportCost?.toFixed(3)} max z ${z.toFixed(2)}`,
      );
    }
  }
}
console.log(`checks: ${checks}, beyond 4 SE: ${failures}, worst |error|/SE: ${worst.toFixed(2)}`);
