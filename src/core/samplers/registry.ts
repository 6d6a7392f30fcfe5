/**
 * Every sampler's run side, registered in one place (the scenario side is samplers/specs.ts; both list the same
 * kinds in the same order, which a unit test checks). Adding a sampler: docs/architecture.md "Adding a sampler".
 */
import type { ExactTarget } from '../exact/target';
import type { SamplerKind, SamplerSpec } from '../scenario';
import type { GmmSpec, Reward, SamplerDef } from '../types';
import { baseSampler } from './base';
import { klTiltSampler } from './klTilt';
import { smcSampler } from './smc';
import { wProxSampler } from './wProx';

type AnySampler = SamplerDef<SamplerSpec>;

const SAMPLERS = [baseSampler, klTiltSampler, wProxSampler, smcSampler] as unknown as readonly AnySampler[];

export function samplerFor(kind: SamplerKind): AnySampler {
  const def = SAMPLERS.find((s) => s.kind === kind);
  if (!def) throw new Error(`no sampler registered for kind "${kind}"`);
  return def;
}

export function samplerKinds(): SamplerKind[] {
  return SAMPLERS.map((s) => s.kind);
}

/**
 * The exact target law of a (model, reward, sampler) triple on the analytic GMM, when it has a closed form: what
 * this sampler's descriptor says it targets (exact/target.ts), or null.
 */
export function exactTargetFor(model: GmmSpec, reward: Reward, sampler: SamplerSpec): ExactTarget | null {
  const def = samplerFor(sampler.kind);
  return def.exactTarget ? def.exactTarget(model, reward, sampler) : null;
}
