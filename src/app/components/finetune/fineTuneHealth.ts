/**
 * Did a finished fine-tune reach something like its target, or did it blow up? Two tests on the final evaluation
 * batch (core/finetune/run.ts `measure`: M trajectories of the fine-tuned chain, on the same noise as the initial
 * evaluation), each with its reason:
 *
 * 1. **Log-weight variance** (§6.4). The importance weights w = dq/dm of the model's paths towards the target are
 *    constant iff the model samples q; for log-normal weights the effective sample size of M of them is
 *    M·e^{−Var log w}. When Var log w > log M that is below one path: the M evaluation paths cannot say anything
 *    about q. The untuned model may already be there at a small λ (its weights are e^{r/λ}), so a fine-tune is
 *    called blown up only when it also ends above where it started (RWR on moons reaches Var log w ≈ 2.4e4).
 * 2. **The objective itself** (§6.3). Every method maximises J(m) = E_m r/λ − KL(m ‖ p_ref) over path laws, whose
 *    maximum log Z is attained only at the target; the starting model has J = E_p r/λ (KL 0). A fine-tune that ends
 *    with J lower than it started by more than OBJECTIVE_SLACK nats paid more KL than its reward gain justifies —
 *    worse than not fine-tuning (RWR on moons: KL ≈ 141 nats).
 *
 * Non-finite figures count as a blow-up too. The slack of one nat keeps Monte-Carlo noise of a run that barely
 * moved (J_final ≈ J_initial) from raising the warning.
 */
import type { FineTuneSummary } from '../../../core/finetune/run';

/** Nats by which the objective may fall before a finished fine-tune is called diverged (see the top). */
export const OBJECTIVE_SLACK = 1;

export interface FineTuneHealth {
  ok: boolean;
  /** Plain-words reasons, empty when ok. */
  problems: string[];
}

function num(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-2 || a >= 1e4) ? v.toExponential(2) : v.toFixed(2);
}

/**
 * `evalParticles` is M, the evaluation batch's size; `lambda` the job's λ. A summary without evaluations (stopped
 * before the first update) is not judged.
 */
export function fineTuneHealth(summary: Pick<FineTuneSummary, 'initial' | 'final'>, lambda: number, evalParticles: number): FineTuneHealth {
  const { initial, final } = summary;
  if (!final) return { ok: true, problems: [] };
  const problems: string[] = [];
  const figures = [final.meanReward, final.logWeightVar, final.klToReference];
  if (!figures.every(Number.isFinite)) problems.push('its final evaluation is not finite (the model produced NaN or infinite values)');
  const limit = Math.log(evalParticles);
  const startVar = initial?.logWeightVar ?? 0;
  if (Number.isFinite(final.logWeightVar) && final.logWeightVar > limit && final.logWeightVar > startVar)
    problems.push(
      `Var log w rose ${initial ? `from ${num(startVar)} ` : ''}to ${num(final.logWeightVar)} on the final evaluation, above log ${evalParticles} = ${num(limit)}: the importance weights of its ${evalParticles} paths rest on less than one of them, so the model no longer samples anything like q`,
    );
  if (initial && figures.every(Number.isFinite)) {
    const before = initial.meanReward / lambda - initial.klToReference;
    const after = final.meanReward / lambda - final.klToReference;
    if (after < before - OBJECTIVE_SLACK)
      problems.push(
        `its objective E r/λ − KL fell from ${num(before)} to ${num(after)} nats: the KL to the reference (${num(final.klToReference)} nats) outgrew the reward gain, worse than not fine-tuning`,
      );
  }
  return { ok: problems.length === 0, problems };
}
