/**
 * The guided preset "Tempering eases SMC's weight collapse at small λ" (src/app/teaching/guidedPresets.ts): each claim
 * of its story checked at the settings it runs with on the page (the freshly opened page's N = 1024, K = 100, η = 1,
 * with the preset's model, reward and samplers; see guidedPresets.test.ts), for seeds 1–10 since the story reads as
 * holding for any seed. The thresholds are stated beside each claim.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GUIDED_PRESETS } from '../../../src/app/teaching/guidedPresets';
import { useNodeBackend } from '../../../src/cli/backend';
import { runScenario } from '../../../src/core/run';
import type { RunResult } from '../../../src/core/run';
import { startingScenarioInput } from '../../../src/engine/startScenario';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const preset = GUIDED_PRESETS.find((p) => p.id === 'tempering-small-lambda')!;

async function lanes(seed: number): Promise<{ plain: RunResult; tempered: RunResult }> {
  const base = { ...startingScenarioInput(), model: preset.model, reward: preset.reward, seed };
  const plain = await runScenario({ ...base, sampler: preset.sampler });
  const tempered = await runScenario({ ...base, sampler: preset.compare! });
  return { plain, tempered };
}

const meanEss = (r: RunResult) => r.steps.reduce((s, st) => s + st.ess!, 0) / r.steps.length / r.scenario.particles;

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('preset: tempering eases SMC’s weight collapse at small λ', () => {
  it('is plain SMC against adaptive tempering at λ = 0.1, same target', () => {
    expect(preset.sampler).toMatchObject({ kind: 'smc', lambda: 0.1, tempering: { kind: 'none' } });
    expect(preset.compare).toMatchObject({ kind: 'smc', lambda: 0.1, tempering: { kind: 'adaptive' } });
    expect(preset.story).toMatch(/λ = 0\.1/);
  });

  it.each(SEEDS)('seed %i: the story’s numbers', async (seed) => {
    const { plain, tempered } = await lanes(seed);
    const K = plain.scenario.steps;
    // "resamples at about 60 of the 100 steps": 50–70.
    expect(plain.summary.resamplings!).toBeGreaterThanOrEqual(50);
    expect(plain.summary.resamplings!).toBeLessThanOrEqual(70);
    // "its effective sample size averages about half of N": 0.4–0.6.
    expect(meanEss(plain)).toBeGreaterThan(0.4);
    expect(meanEss(plain)).toBeLessThan(0.6);
    // "β stays at 0 through the early steps and reaches 1 only at the end": 0 for the first tenth, 1 at the last
    // step and below 1 until the last tenth.
    const betas = tempered.steps.map((s) => s.beta!);
    expect(betas.slice(0, K / 10).every((b) => b === 0)).toBe(true);
    expect(betas.at(-1)).toBe(1);
    expect(betas[Math.floor(0.9 * K) - 1]).toBeLessThan(1);
    // "It resamples less often and keeps a higher ESS on average": fewer resamplings, and a mean ESS higher by ≥ 0.03·N.
    expect(tempered.summary.resamplings!).toBeLessThan(plain.summary.resamplings!);
    expect(meanEss(tempered) - meanEss(plain)).toBeGreaterThan(0.03);
    // "The target is the same": both name the same closed-form target.
    expect(tempered.summary.target).toBe(plain.summary.target);
  });
});
