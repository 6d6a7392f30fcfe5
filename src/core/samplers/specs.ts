/**
 * The scenario side of every sampler, in the order the app offers them. `scenario.ts` builds the sampler union from
 * this list; `registry.ts` holds the run side. One line here per sampler (docs/architecture.md "Adding a sampler").
 */
import { baseSpec } from './base/spec';
import { klTiltSpec } from './klTilt/spec';
import { smcSpec } from './smc/spec';
import { wProxSpec } from './wProx/spec';

export const SAMPLER_SPECS = [baseSpec, klTiltSpec, wProxSpec, smcSpec] as const;
