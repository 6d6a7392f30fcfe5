/**
 * Every sampler's view module, one line each, in the order of the core registry (a unit test checks that the two
 * list the same kinds).
 */
import type { SamplerKind } from '../../core/scenario';
import { baseView } from './base';
import { klTiltView } from './klTilt';
import { smcView } from './smc';
import type { AnySamplerView } from './types';
import { wProxView } from './wProx';

export const SAMPLER_VIEWS = [baseView, klTiltView, wProxView, smcView] as unknown as readonly AnySamplerView[];

export function samplerView(kind: SamplerKind): AnySamplerView {
  const view = SAMPLER_VIEWS.find((v) => v.kind === kind);
  if (!view) throw new Error(`no view module for sampler "${kind}"`);
  return view;
}

export { formatStat } from './phases';
export type { AnySamplerView, SamplerNote, SamplerView, StepPhase, PhaseId } from './types';
