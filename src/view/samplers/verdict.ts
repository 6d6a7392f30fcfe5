/**
 * Two separate judgements of a finished run, for the summary and its notes:
 *
 * - the **target** verdict — does this method target the law exactly? "exact" (the closed-form kernel of an
 *   analytic GMM with an exact method), "discretised" (an exact method on a K-step DDPM/DDIM chain, whose error
 *   shrinks as K grows, §1 / §2.2) or "approximate" (the method is biased for this model and reward, e.g. guidance
 *   on a mixture, §3.1);
 * - the **reliability** verdict — are this run's numbers trustworthy? A weighted sampler's output is a resample of
 *   its weighted particles (§5.2), so it rests on as many independent draws as the weights' effective sample size
 *   allows. Each resampling at ESS e keeps about e lineages, so the smallest ESS of the run bounds how many
 *   independent draws the final cloud descends from; below DEGENERATE_ESS_FRACTION·N the Monte-Carlo error of any
 *   average over the cloud is more than √(1/0.1) ≈ 3.2 times that of N independent draws, and the run is flagged.
 *
 * Both read only what the run reports (scenario, summary, per-step statistics), so the page, a figure and the unit
 * tests judge the same run the same way.
 */
import type { Scenario } from '../../core/scenario';
import type { SamplerSummary, StepStats } from '../../core/types';
import { samplerView } from './index';

/** A run whose smallest ESS falls below this fraction of N is flagged as degenerate (see the top). */
export const DEGENERATE_ESS_FRACTION = 0.1;

export type TargetKind = 'exact' | 'discretised' | 'approximate';

export interface TargetVerdict {
  kind: TargetKind;
  /** The pill's text. */
  label: string;
  /** One sentence: why. */
  explanation: string;
}

/** Whether the chain is the closed-form GMM reverse kernel (§2.2) rather than a K-step discretisation. */
function exactKernel(scenario: Scenario): boolean {
  return scenario.model.kind === 'gmm' && scenario.model.kernel === 'exact';
}

export function targetVerdict(scenario: Scenario, summary: Pick<SamplerSummary, 'exact'>): TargetVerdict {
  if (!summary.exact)
    return {
      kind: 'approximate',
      label: 'approximate',
      explanation: 'This method does not target the law exactly for this model and reward: its error stays however many particles or steps it is given.',
    };
  if (exactKernel(scenario))
    return {
      kind: 'exact',
      label: 'exact target',
      explanation: 'This method targets the law exactly: the closed-form reverse kernel of the mixture (§2.2) has no discretisation error.',
    };
  const chain = scenario.eta === 1 ? 'DDPM' : `DDIM(η = ${scenario.eta})`;
  return {
    kind: 'discretised',
    label: `discretised (K = ${scenario.steps})`,
    explanation: `This method is exact for the continuous-time process, but the ${chain} chain takes K = ${scenario.steps} steps: it adds a discretisation error that shrinks as K grows (§1).`,
  };
}

export type ReliabilityKind = 'reliable' | 'degenerate' | 'unweighted';

export interface ReliabilityVerdict {
  kind: ReliabilityKind;
  label: string;
  explanation: string;
  /** N_eff: the smallest ESS of the run (weighted samplers only). */
  effective?: number;
  /** The display step (1-based) where the ESS was smallest. */
  step?: number;
  /** ESS of the final weights, as a fraction of N. */
  finalFraction?: number;
}

function particlesText(v: number): string {
  const r = v >= 10 ? Math.round(v) : Number(v.toPrecision(2));
  return `${r} particle${r === 1 ? '' : 's'}`;
}

/** Whether the run's output is a resample of weighted particles (its ESS is the output's, not a diagnostic's). */
export function outputIsWeighted(scenario: Scenario, stats: readonly StepStats[]): boolean {
  return !samplerView(scenario.sampler.kind).essDiagnostic && stats.some((s) => s.ess !== null);
}

export function reliabilityVerdict(
  scenario: Scenario,
  stats: readonly StepStats[],
  summary?: Pick<SamplerSummary, 'resamplings'> | null,
): ReliabilityVerdict {
  const n = scenario.particles;
  if (!outputIsWeighted(scenario, stats)) {
    // KL-tilt's mixture of linear tilts (§3.4) ends with one resample of its exact correction weights.
    const corrected = summary?.resamplings !== undefined;
    return {
      kind: 'unweighted',
      label: corrected ? 'one corrective resample' : 'equally weighted',
      explanation: corrected
        ? 'The particles move without weights; the output is one resample of an exact correction of the proposal (§3.4), whose ESS this run does not report.'
        : 'Every particle is an independent draw of the sampler’s law: no importance weights decide the output, so none can collapse.',
    };
  }
  let effective = Infinity;
  let step = 0;
  stats.forEach((s, i) => {
    if (s.ess !== null && s.ess < effective) {
      effective = s.ess;
      step = i + 1;
    }
  });
  const last = stats[stats.length - 1]?.ess ?? null;
  const finalFraction = last === null ? undefined : last / n;
  const finalText = finalFraction === undefined ? '' : ` Final ESS ${finalFraction.toFixed(2)}·N.`;
  if (effective < DEGENERATE_ESS_FRACTION * n) {
    const factor = Math.sqrt(n / Math.max(effective, 1));
    return {
      kind: 'degenerate',
      label: `degenerate: rests on ${particlesText(effective)}`,
      explanation:
        `The estimate rests on N_eff ≈ ${particlesText(effective)} of N = ${n}: the effective sample size fell to ${effective.toPrecision(3)} at step ${step}, ` +
        `so the final cloud descends from about that many independent draws and its averages carry about ${factor.toPrecision(2)}× the error of N independent draws.${finalText} ` +
        'More particles, a larger λ or a better proposal raise it.',
      effective,
      step,
      ...(finalFraction !== undefined ? { finalFraction } : {}),
    };
  }
  return {
    kind: 'reliable',
    label: `ESS ≥ ${(effective / n).toFixed(2)}·N`,
    explanation: `The weights never collapsed: the smallest ESS was ${particlesText(effective)} of N = ${n} (step ${step}), above ${DEGENERATE_ESS_FRACTION}·N.${finalText}`,
    effective,
    step,
    ...(finalFraction !== undefined ? { finalFraction } : {}),
  };
}
