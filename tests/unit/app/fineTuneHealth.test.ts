/**
 * The fine-tune panel's end-of-run verdict (components/finetune/fineTuneHealth.ts) at the panel's own settings —
 * batch 64, 50 updates, K = 10, λ = 0.7 (the page's default sampler λ), seed 1, M = 512 evaluation paths
 * (fineTuneActions.ts) — on real fine-tunes through the core API: RWR on the learned moons model blows up and must
 * be flagged; VMPO-R2G on the analytic fixture GMM (the panel's default method) reaches towards q and must not be.
 * Edge cases on hand-made summaries: a run that barely moved, an untuned model already past log M at a small λ,
 * and non-finite figures.
 */
import '@tensorflow/tfjs'; // registers tfjs gradients in Node (fine-tuning uses tf.grad)
import { beforeAll, describe, expect, it } from 'vitest';
import { EVAL_PARTICLES } from '../../../src/app/components/finetune/fineTuneActions';
import { fineTuneHealth, OBJECTIVE_SLACK } from '../../../src/app/components/finetune/fineTuneHealth';
import { useNodeBackend } from '../../../src/cli/backend';
import { loadModelFromDisk } from '../../../src/cli/models';
import { parseFineTuneJob, prepareFineTune } from '../../../src/core/finetune/job';
import { fineTune } from '../../../src/core/finetune/run';
import type { BatchFigures, FineTuneSummary } from '../../../src/core/finetune/run';
import type { ModelSpec } from '../../../src/core/scenario';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario';

const LAMBDA = 0.7;

beforeAll(async () => {
  await useNodeBackend('wasm');
});

async function runJob(model: ModelSpec, method: string): Promise<FineTuneSummary> {
  const job = parseFineTuneJob({
    model,
    reward: DEFAULT_SCENARIO.reward,
    method,
    lambda: LAMBDA,
    batch: 64,
    updates: 50,
    steps: 10,
    seed: 1,
    groupSize: 8,
    evalParticles: EVAL_PARTICLES,
    targetDraws: 1024,
  });
  const prepared = await prepareFineTune(job, loadModelFromDisk);
  try {
    const run = fineTune({ policy: prepared.policy, reward: prepared.reward, settings: job.settings, target: prepared.target, evalParticles: job.evalParticles });
    for (;;) {
      const r = await run.next();
      if (r.done) return r.value;
    }
  } finally {
    prepared.dispose();
  }
}

function figures(meanReward: number, logWeightVar: number, klToReference: number): BatchFigures {
  return { meanReward, logWeightVar, klToReference, energyDistance: null };
}

describe('a fine-tune that blows up ends with a warning, one that works does not', () => {
  it('RWR on moons: Var log w and the KL blow up, and both are said', { timeout: 120_000 }, async () => {
    const summary = await runJob({ kind: 'mlp', name: 'moons' }, 'rwr');
    const h = fineTuneHealth(summary, LAMBDA, EVAL_PARTICLES);
    expect(summary.final!.logWeightVar).toBeGreaterThan(Math.log(EVAL_PARTICLES));
    expect(h.ok).toBe(false);
    expect(h.problems.join(' ')).toMatch(/Var log w rose from .* above log 512 = 6\.24/);
    expect(h.problems.join(' ')).toMatch(/objective E r\/λ − KL fell/);
  });

  it('VMPO-R2G on the fixture GMM, the panel’s default: no warning', { timeout: 180_000 }, async () => {
    const summary = await runJob(DEFAULT_SCENARIO.model as ModelSpec, 'vmpo-r2g');
    const h = fineTuneHealth(summary, LAMBDA, EVAL_PARTICLES);
    expect(h.problems).toEqual([]);
    expect(h.ok).toBe(true);
    // It did move towards q: its objective rose.
    const j = (b: BatchFigures) => b.meanReward / LAMBDA - b.klToReference;
    expect(j(summary.final!)).toBeGreaterThan(j(summary.initial!));
  });
});

describe('edge cases', () => {
  it('a run that barely moved is not flagged (noise within the slack), one that fell by more than the slack is', () => {
    const initial = figures(0.15, 2, 0);
    expect(fineTuneHealth({ initial, final: figures(0.15 - 0.5 * OBJECTIVE_SLACK * LAMBDA, 2.1, 0.1) }, LAMBDA, 512).ok).toBe(true);
    expect(fineTuneHealth({ initial, final: figures(0.15, 2.1, OBJECTIVE_SLACK + 0.01) }, LAMBDA, 512).ok).toBe(false);
  });

  it('an untuned model already past log M (small λ) is not flagged while Var log w falls; it is once it rises', () => {
    const initial = figures(0.15, 40, 0);
    expect(fineTuneHealth({ initial, final: figures(3, 20, 1) }, 0.1, 512).ok).toBe(true);
    expect(fineTuneHealth({ initial, final: figures(3, 60, 1) }, 0.1, 512).problems[0]).toMatch(/Var log w rose from 40\.00 to 60\.00/);
  });

  it('non-finite figures are a blow-up; a run stopped before any evaluation is not judged', () => {
    expect(fineTuneHealth({ initial: figures(0.1, 1, 0), final: figures(Number.NaN, 1, 0) }, LAMBDA, 512).problems[0]).toMatch(/not finite/);
    expect(fineTuneHealth({ initial: null, final: null }, LAMBDA, 512).ok).toBe(true);
  });
});
