/**
 * What the page shows for one sampler, in one module per sampler (src/view/samplers/<kind>.ts): its name, the note
 * under its picker, the "About this sampler" text, why it has no weight charts (if it has none), its caption, and
 * the phases of one step for step-through mode. The app and the figure library read the same modules.
 */
import type { SamplerKind, SamplerSpec } from '../../core/scenario';
import type { StepStats } from '../../core/types';

export type PhaseId = 'denoise' | 'tilt' | 'prox' | 'weight' | 'resample';

export interface StepPhase {
  id: PhaseId;
  name: string;
  /** What happened in this step, in words, with the step's numbers. */
  explanation: string;
  tex: string;
}

/** The "About this sampler" panel's text (§ numbers refer to docs/algorithms.md). */
export interface SamplerNote {
  target: string;
  /** TeX of the target or the map the sampler applies. */
  formula: string;
  exactWhen: string;
  charts: string;
}

export interface SamplerView<S extends SamplerSpec = SamplerSpec> {
  readonly kind: S['kind'];
  readonly label: string;
  /** A sentence under the picker for a sampler without controls. */
  readonly panelNote?: string;
  readonly notes: SamplerNote;
  /** Why the log-weight and ESS charts are empty for this sampler (absent: it has weights). */
  readonly noWeightsReason?: string;
  /**
   * What the ESS of this sampler's weights means when they are only a diagnostic that never weighs its own output
   * (KL-tilt); absent: its ESS is its output's.
   */
  readonly essDiagnostic?: string;
  /** The sampler with its parameter, for captions: "KL-tilt (λ = 0.7)". */
  describe(spec: S): string;
  /** The phases of one step, in order (denoise → tilt or prox → weight → resample, as the sampler has them). */
  phases(spec: S, stats: StepStats, steps: number, particles: number): StepPhase[];
}

/** A view typed for any sampler spec (each module handles only its own kind). */
export type AnySamplerView = SamplerView<SamplerSpec> & { readonly kind: SamplerKind };
