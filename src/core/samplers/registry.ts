/**
 * Every sampler, registered in one place. Adding a sampler means adding its file, one line here and its
 * scenario schema entry (scenario.ts).
 */
import type { SamplerSpec } from '../scenario';
import type { SamplerDef } from '../types';
import { baseSampler } from './base';
import { klTiltSampler } from './klTilt';
import { wProxSampler } from './wProx';
import { smcSampler } from './smc';

type AnySampler = SamplerDef<SamplerSpec & { kind: string }>;

const SAMPLERS: AnySampler[] = [baseSampler as AnySampler, klTiltSampler as AnySampler, wProxSampler as AnySampler, smcSampler as AnySampler];

export function samplerFor(kind: SamplerSpec['kind']): AnySampler {
  const def = SAMPLERS.find((s) => s.kind === kind);
  if (!def) throw new Error(`no sampler registered for kind "${kind}"`);
  return def;
}

export function samplerKinds(): string[] {
  return SAMPLERS.map((s) => s.kind);
}
