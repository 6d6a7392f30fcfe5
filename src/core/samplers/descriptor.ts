/**
 * What a sampler declares about itself, in two halves:
 *
 * - `SamplerSpecDescriptor` (this file's first half) is plain data plus zod: the kind, the schema of its scenario
 *   field, its defaults, the metadata the app's controls are drawn from, and the cross-field checks. It imports no
 *   tfjs, so the page's main thread can validate a link with it without loading the numerical code.
 * - `SamplerDescriptor` (types.ts: `SamplerDef`) adds what needs tensors: `run`, and the closed-form target.
 *
 * Adding a sampler: its spec file (`samplers/<name>/spec.ts`), its run module (`samplers/<name>.ts`), one line in
 * `samplers/specs.ts` and one in `samplers/registry.ts`, its view module in `src/view/samplers/`, and its tests.
 * Nothing else branches on its kind (docs/architecture.md "Adding a sampler").
 */
import type { z } from 'zod';

/** One control in the sampler panel, drawn from this metadata (app/components/SamplerPanel.tsx). */
export type ParamMeta =
  | {
      key: string;
      control: 'log-slider' | 'slider';
      label: string;
      min: number;
      max: number;
      /** Slider step (linear sliders only). */
      step?: number;
      /** The sentence under the control: for λ, its convention. */
      hint: string;
    }
  | {
      key: string;
      control: 'select';
      label: string;
      options: ReadonlyArray<{ value: string; label: string }>;
      hint?: string;
      /** For a field that is not a plain string: the option a value shows as, and the value an option sets. */
      codec?: { read(value: unknown): string; write(option: string, current: unknown): unknown };
    };

/**
 * What λ means for this sampler. Moving between two samplers with the same role keeps λ (KL-tilt and SMC target
 * the same q ∝ p·e^{r/λ}); a KL temperature is not a transport price, so it is not carried over to W-prox.
 */
export type LambdaRole = 'kl-temperature' | 'transport-price';

/** The scenario fields a cross-field check may read (kept structural so that this file needs no Scenario type). */
export interface CheckContext {
  model: { kind: string };
  reward: { kind: string } & Record<string, unknown>;
  eta: number;
}

export interface SamplerSpecDescriptor<K extends string = string, S extends z.ZodType = z.ZodType> {
  readonly kind: K;
  /** The zod schema of `scenario.sampler` for this kind (a strict object with `kind: z.literal(K)`). */
  readonly schema: S;
  /** The complete default parameters (what the app selects when this sampler is picked). */
  readonly defaults: z.output<S>;
  /** The controls, in panel order. */
  readonly params: readonly ParamMeta[];
  readonly lambdaRole?: LambdaRole;
  /** Does it carry importance weights (log-weight variance, ESS)? False: those charts show n/a. */
  readonly weighted: boolean;
  /** Cross-field rules the schema cannot express, as [field, problem] pairs. */
  problems?(sampler: z.output<S>, scenario: CheckContext): Array<[string, string]>;
}

/** The KL temperature slider, shared by the samplers whose target is q ∝ p·e^{r/λ} (§0). */
export const KL_LAMBDA_PARAM: ParamMeta = {
  key: 'lambda',
  control: 'log-slider',
  label: 'KL temperature λ',
  min: 0.05,
  max: 20,
  hint: 'Target q ∝ p·exp(r/λ): small λ follows the reward, large λ stays near p.',
};
