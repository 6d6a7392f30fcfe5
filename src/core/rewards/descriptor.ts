/**
 * What a reward declares about itself. Like the samplers' (samplers/descriptor.ts), the scenario half is tfjs-free
 * so that the main thread validates with it: kind, schema, the preset the app selects, the sentence shown under
 * the reward picker, a one-line description for captions, and the checks the schema cannot express. The run half
 * (rewards/index.ts) builds the `Reward` with value, grad and prox.
 */
import type { z } from 'zod';

export interface RewardSpecDescriptor<K extends string = string, S extends z.ZodType = z.ZodType> {
  readonly kind: K;
  readonly schema: S;
  /** The reward the app selects when this kind is picked. */
  readonly preset: z.output<S>;
  /** The kind's name in the reward picker. */
  readonly label: string;
  /** The sentence under the picker: the reward's form and how to edit it. */
  readonly hint: string;
  /** This reward in one formula, for captions: "r = x − 0.5y". */
  describe(spec: z.output<S>): string;
  /** Cross-field rules and parse checks, as [field, problem] pairs. */
  problems?(spec: z.output<S>): Array<[string, string]>;
}
