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

export type ProposalKind = z.infer<typeof proposalSchema>;
export type PotentialKind = z.infer<typeof potentialSchema>;
export type ResamplingScheme = z.infer<typeof resamplingSchemeSchema>;

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
        { value: 'max', label: 'Running max' },
        { value: 'sum', label: 'Running sum' },
        { value: 'immediate', label: 'Immediate r_k' },
        { value: 'twist-exact', label: 'Exact twist (GMM, linear/quadratic r)' },
      ],
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
