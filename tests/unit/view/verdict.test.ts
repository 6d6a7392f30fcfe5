/**
 * The summary's two verdicts (view/samplers/verdict.ts) at settings where each label must and must not appear, on
 * real runs at the page's opening settings (N = 1024, K = 100, startingScenarioInput), and the KL-tilt texts about
 * its diagnostic weights. Runs go through the run API on the wasm backend.
 */
import '@tensorflow/tfjs'; // registers tfjs gradients in Node (guidance uses tf.grad)
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/backend';
import { effectiveSampleSize, LineageTracker } from '../../../src/core/diagnostics';
import { runScenario } from '../../../src/core/run';
import type { RunResult } from '../../../src/core/run';
import { parseScenario } from '../../../src/core/scenario';
import type { ScenarioInput } from '../../../src/core/scenario';
import { startingScenarioInput } from '../../../src/engine/startScenario';
import { samplerView } from '../../../src/view/samplers';
import { DEGENERATE_ESS_FRACTION, reliabilityVerdict, targetVerdict } from '../../../src/view/samplers/verdict';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

function scenario(patch: Partial<ScenarioInput>): ScenarioInput {
  return { ...startingScenarioInput(), ...patch };
}

const exactKernel = (s: ScenarioInput): ScenarioInput => ({ ...s, model: { ...(s.model as object), kernel: 'exact' } as ScenarioInput['model'] });

async function verdicts(input: ScenarioInput): Promise<{ r: RunResult; target: ReturnType<typeof targetVerdict>; reliability: ReturnType<typeof reliabilityVerdict> }> {
  const r = await runScenario(input);
  return { r, target: targetVerdict(r.scenario, r.summary), reliability: reliabilityVerdict(r.scenario, r.steps, r.summary) };
}

describe('target verdict: exact, discretised or approximate', () => {
  it('base on the DDPM chain (base/ddpm) is discretised, not exact; on the closed-form kernel it is exact', async () => {
    const ddpm = await verdicts(scenario({ sampler: { kind: 'base' } }));
    expect(ddpm.r.summary.method).toBe('base/ddpm');
    expect(ddpm.target.kind).toBe('discretised');
    expect(ddpm.target.label).toBe('discretised (K = 100)');
    expect(ddpm.target.explanation).toMatch(/DDPM chain takes K = 100 steps.*discretisation error/);
    const exact = await verdicts(exactKernel(scenario({ sampler: { kind: 'base' } })));
    expect(exact.r.summary.method).toBe('base/exact-kernel');
    expect(exact.target.kind).toBe('exact');
  });

  it('DDIM(η < 1) is discretised and says so', async () => {
    const { target } = await verdicts(scenario({ sampler: { kind: 'base' }, eta: 0.5, steps: 20 }));
    expect(target.kind).toBe('discretised');
    expect(target.explanation).toMatch(/DDIM\(η = 0\.5\) chain takes K = 20 steps/);
  });

  it('KL-tilt guidance on a mixture is approximate whatever the kernel; its exact method is exact on the exact kernel', async () => {
    const guided = await verdicts(exactKernel(scenario({ sampler: { kind: 'kl-tilt', lambda: 0.7, method: 'guidance' } })));
    expect(guided.r.summary.exact).toBe(false);
    expect(guided.target.kind).toBe('approximate');
    const tilted = await verdicts(exactKernel(scenario({ sampler: { kind: 'kl-tilt', lambda: 0.7, method: 'auto' } })));
    expect(tilted.r.summary.method).toBe('exact-gmm');
    expect(tilted.target.kind).toBe('exact');
  });
});

describe('reliability verdict: flagged exactly when the weights collapse below 0.1·N', () => {
  it.each([1, 2, 3])('SMC at λ = 1e-6 ends with ESS ≈ 1 and is flagged degenerate (seed %i)', async (seed) => {
    const { r, reliability, target } = await verdicts(scenario({ sampler: { kind: 'smc', lambda: 1e-6 }, seed }));
    const n = r.scenario.particles;
    const finalEss = r.steps[r.steps.length - 1].ess!;
    expect(finalEss).toBeLessThan(2);
    expect(reliability.kind).toBe('degenerate');
    // The N_eff it reports is the run's smallest ESS, and the text names it.
    const minEss = Math.min(...r.steps.map((s) => s.ess!));
    expect(reliability.effective).toBe(minEss);
    expect(reliability.explanation).toContain(`The estimate rests on N_eff ≈ ${Number(minEss.toPrecision(2))} particle`);
    expect(reliability.explanation).toContain(`of N = ${n}`);
    expect(reliability.finalFraction).toBeCloseTo(finalEss / n, 12);
    // The method still targets q (on a discretised chain): the two verdicts are separate.
    expect(target.kind).toBe('discretised');
  });

  it.each([1, 2, 3, 4, 5])('SMC at the default λ = 0.7 is not flagged (seed %i)', async (seed) => {
    const { r, reliability } = await verdicts(scenario({ sampler: { kind: 'smc', lambda: 0.7 }, seed }));
    expect(Math.min(...r.steps.map((s) => s.ess!))).toBeGreaterThanOrEqual(DEGENERATE_ESS_FRACTION * r.scenario.particles);
    expect(reliability.kind).toBe('reliable');
    expect(reliability.label).toMatch(/^ESS ≥ 0\.\d\d·N$/);
  });

  it('samplers without output weights are never flagged: base, W-prox, and KL-tilt even when its diagnostic ESS collapses', async () => {
    for (const sampler of [{ kind: 'base' }, { kind: 'w-prox', lambda: 2 }] as const) {
      const { reliability } = await verdicts(scenario({ sampler }));
      expect(reliability.kind, sampler.kind).toBe('unweighted');
    }
    const kl = await verdicts(scenario({ sampler: { kind: 'kl-tilt', lambda: 0.05, method: 'auto' } }));
    expect(kl.r.summary.method).toBe('exact-gmm');
    expect(Math.min(...kl.r.steps.map((s) => s.ess!))).toBeLessThan(DEGENERATE_ESS_FRACTION * kl.r.scenario.particles);
    expect(kl.reliability.kind).toBe('unweighted');
    expect(kl.reliability.label).toBe('equally weighted');
  });

  it('KL-tilt’s mixture of linear tilts says its output is one corrective resample', async () => {
    const { r, reliability } = await verdicts(
      scenario({ reward: { kind: 'max-linear', thetas: [[1, 0], [0, 1]], biases: [0, 0] }, sampler: { kind: 'kl-tilt', lambda: 0.7, method: 'auto' } }),
    );
    expect(r.summary.method).toBe('linear-mixture');
    expect(reliability.kind).toBe('unweighted');
    expect(reliability.label).toBe('one corrective resample');
  });
});

describe('KL-tilt’s weight charts', () => {
  it('its ESS is the ESS of the lineage sums whose variance the chart plots (the tracker, without carried weights)', () => {
    const n = 64;
    const tracker = new LineageTracker(n);
    const cumulative = new Float64Array(n);
    for (let k = 3; k >= 0; k--) {
      const increment = Float64Array.from({ length: n }, (_, i) => Math.sin(i * (k + 1)) * (k + 0.5));
      for (let i = 0; i < n; i++) cumulative[i] += increment[i];
      const stats = tracker.record({ k, t: k / 4, rewards: new Float64Array(n), increment, logW: null });
      expect(stats.ess).toBeCloseTo(effectiveSampleSize(cumulative), 9);
      expect(stats.ess!).toBeLessThan(n);
    }
  });

  it('the ESS falls with the log-weight variance at small λ, and the chart and step text call it a diagnostic', async () => {
    const small = await runScenario(scenario({ sampler: { kind: 'kl-tilt', lambda: 0.05, method: 'auto' } }));
    const large = await runScenario(scenario({ sampler: { kind: 'kl-tilt', lambda: 0.7, method: 'auto' } }));
    const n = small.scenario.particles;
    const last = (r: RunResult) => r.steps[r.steps.length - 1];
    // "It grows as λ shrinks even when the method is exact": the exact method at both λ, larger V_k at λ = 0.05.
    expect(small.summary.exact && large.summary.exact).toBe(true);
    const vMax = (r: RunResult) => Math.max(...r.steps.map((s) => s.logWeightVar!));
    expect(vMax(small)).toBeGreaterThan(10 * vMax(large));
    // Consistent with the variance: a cumulative variance of many nats leaves a small ESS; a small one, ESS near N.
    expect(last(small).logWeightVarCum!).toBeGreaterThan(5);
    expect(last(small).ess!).toBeLessThan(0.1 * n);
    expect(last(large).logWeightVarCum!).toBeLessThan(0.5);
    expect(last(large).ess!).toBeGreaterThan(0.5 * n);
    const view = samplerView('kl-tilt');
    expect(view.essDiagnostic).toMatch(/diagnostic/);
    expect(view.notes.charts).toMatch(/samples are equally weighted/);
    const spec = parseScenario(scenario({ sampler: { kind: 'kl-tilt', lambda: 0.05, method: 'auto' } })).sampler;
    const weight = view.phases(spec, last(small), 100, n).find((p) => p.id === 'weight')!;
    expect(weight.explanation).toContain(`(${view.essDiagnostic})`);
  });
});
