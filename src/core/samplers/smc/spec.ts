/**
 * The SMC sampler's scenario field (§5): temperature λ, proposal, potential, resampling scheme and when to
 * resample. The enums here are the only list of each choice; their TypeScript types are inferred from them.
 */
import { z } from '../../zod';
import { lambdaSchema } from '../../scenarioParts';
import { KL_LAMBDA_PARAM } from '../descriptor';
import type { SamplerSpecDescriptor } from '../descriptor';

/** §5.1 proposals: P0 the model's step (FK steering), P1 guided (TDS), P2 the exact linear tilt. */
export const proposalSchema = z.enum(['base', 'guided', 'exact-linear-tilt']);
/** §5.1 potentials: FK's difference, running max, running sum, immediate; and the exact twist of §2.4. */
export const potentialSchema = z.enum(['diff', 'max', 'sum', 'immediate', 'twist-exact']);
/** §5.2 resampling schemes. */
export const resamplingSchemeSchema = z.enum(['multinomial', 'stratified', 'systematic', 'residual', 'ssp', 'killing']);

/** Where the potentials apply (§5.1): at every step, or only at the steps where resampling is considered (FK's code). */
export const potentialsAtSchema = z.enum(['every-step', 'resampling-steps']);
/**
 * Tempering (§5.5): a non-decreasing β_k ∈ [0, 1], 1 at the last step, that scales the lineage's accumulated
 * log-potential; the product of the potentials along a lineage is still e^{r(x₀)/λ}, so the target is unchanged.
 */
export const temperingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fixed'), schedule: z.enum(['linear', 'geometric']).default('linear') }),
  z.strictObject({ kind: z.literal('adaptive'), targetEss: z.number().gt(0).lt(1).default(0.5) }),
]);

export type ProposalKind = z.infer<typeof proposalSchema>;
export type PotentialKind = z.infer<typeof potentialSchema>;
export type ResamplingScheme = z.infer<typeof resamplingSchemeSchema>;
export type PotentialsAt = z.infer<typeof potentialsAtSchema>;
export type Tempering = z.infer<typeof temperingSchema>;

/** The tempering choices as the panel's select offers them (one string per option). */
const TEMPERING_OPTIONS: Record<string, Tempering> = {
  none: { kind: 'none' },
  'fixed-linear': { kind: 'fixed', schedule: 'linear' },
  'fixed-geometric': { kind: 'fixed', schedule: 'geometric' },
  adaptive: { kind: 'adaptive', targetEss: 0.5 },
};

function temperingOption(value: unknown): string {
  const t = value as Tempering | undefined;
  if (!t || t.kind === 'none') return 'none';
  return t.kind === 'fixed' ? `fixed-${t.schedule}` : 'adaptive';
}

export const smcSchema = z.strictObject({
  kind: z.literal('smc'),
  lambda: lambdaSchema,
  proposal: proposalSchema.default('base'),
  potential: potentialSchema.default('diff'),
  resampling: resamplingSchemeSchema.default('systematic'),
  /** Resample when ESS < essThreshold·N (0 never, 1 always). */
  essThreshold: z.number().min(0).max(1).default(0.5),
  /** Resampling is considered every this many steps (and always at the last step). */
  resampleEvery: z.number().min(1).max(1000).int().default(1),
  potentialsAt: potentialsAtSchema.default('every-step'),
  tempering: temperingSchema.default({ kind: 'none' }),
});

export const smcSpec = {
  kind: 'smc',
  schema: smcSchema,
  defaults: {
    kind: 'smc',
    lambda: 0.7,
    proposal: 'base',
    potential: 'diff',
    resampling: 'systematic',
    essThreshold: 0.5,
    resampleEvery: 1,
    potentialsAt: 'every-step',
    tempering: { kind: 'none' },
  },
  params: [
    KL_LAMBDA_PARAM,
    {
      key: 'proposal',
      control: 'select',
      label: 'Proposal',
      options: [
        { value: 'base', label: 'Base step (FK steering)' },
        { value: 'guided', label: 'Guided step (TDS)' },
        { value: 'exact-linear-tilt', label: 'Exact linear tilt (linear r)' },
      ],
    },
    {
      key: 'potential',
      control: 'select',
      label: 'Potential',
      options: [
        { value: 'diff', label: 'Difference (telescoping)' },
        { value: 'max', label: 'Running max (heuristic)' },
        { value: 'sum', label: 'Running sum (heuristic)' },
        { value: 'immediate', label: 'Immediate r_k (heuristic)' },
        { value: 'twist-exact', label: 'Exact twist (GMM, linear/quadratic r)' },
      ],
      hint: 'Max, sum and immediate are FK’s heuristics: their intermediate targets tilt by up to K·r/λ, far more than the final r/λ (docs/algorithms.md §5.5).',
    },
    {
      key: 'potentialsAt',
      control: 'select',
      label: 'Potentials apply',
      options: [
        { value: 'every-step', label: 'At every step' },
        { value: 'resampling-steps', label: 'Only where resampling is considered' },
      ],
    },
    {
      key: 'tempering',
      control: 'select',
      label: 'Tempering',
      options: [
        { value: 'none', label: 'None (β = 1)' },
        { value: 'fixed-linear', label: 'Fixed, linear β' },
        { value: 'fixed-geometric', label: 'Fixed, geometric β' },
        { value: 'adaptive', label: 'Adaptive (incremental ESS ≥ 0.5·N)' },
      ],
      codec: {
        read: temperingOption,
        write: (option, current) =>
          option === 'adaptive' && temperingOption(current) === 'adaptive' ? current : TEMPERING_OPTIONS[option],
      },
      hint: 'β_k scales the accumulated potential and reaches 1 at the last step: same target, gentler weights.',
    },
    {
      key: 'resampling',
      control: 'select',
      label: 'Resampling',
      options: [
        { value: 'systematic', label: 'Systematic' },
        { value: 'stratified', label: 'Stratified' },
        { value: 'residual', label: 'Residual' },
        { value: 'multinomial', label: 'Multinomial' },
        { value: 'ssp', label: 'SSP (Srinivasan, pairwise rounding)' },
        { value: 'killing', label: 'Killing (keep w.p. W/max W)' },
      ],
    },
    {
      key: 'essThreshold',
      control: 'slider',
      label: 'Resample when ESS <',
      min: 0,
      max: 1,
      step: 0.05,
      hint: '…this fraction of N (0 never, 1 every step).',
    },
  ],
  lambdaRole: 'kl-temperature',
  weighted: true,
  problems(sampler, s) {
    const problems: Array<[string, string]> = [];
    if (s.eta <= 0) problems.push(['eta', 'SMC needs a stochastic step (eta > 0) to weigh transitions']);
    if (sampler.potential === 'twist-exact') {
      if (s.model.kind !== 'gmm') problems.push(['sampler.potential', 'twist-exact needs the analytic gmm model']);
      if (s.reward.kind !== 'linear' && s.reward.kind !== 'quadratic')
        problems.push(['sampler.potential', 'twist-exact needs a linear or quadratic reward (closed-form tilt)']);
    }
    if (sampler.proposal === 'exact-linear-tilt' && s.reward.kind !== 'linear')
      problems.push(['sampler.proposal', 'exact-linear-tilt needs a linear reward']);
    return problems;
  },
} as const satisfies SamplerSpecDescriptor<'smc', typeof smcSchema>;
