/** Test helpers shared by the sampler tests: run a sampler to its end, and complete SMC parameters. */
import { smcSpec } from '../../../../src/core/samplers/smc/spec';
import type { SmcSpec } from '../../../../src/core/samplers/smc';
import type { SampleOutput, SamplerContext, SamplerDef, StepFrame } from '../../../../src/core/types';

/** Every frame of a run and its output. */
export async function runToEnd<P extends { kind: string }>(def: SamplerDef<P>, ctx: SamplerContext, params: P): Promise<{ frames: StepFrame[]; out: SampleOutput }> {
  const gen = def.run(ctx, params);
  const frames: StepFrame[] = [];
  for (;;) {
    const next = await gen.next();
    if (next.done) return { frames, out: next.value };
    frames.push(next.value);
  }
}

/** SMC parameters: the descriptor's defaults at temperature λ, with `overrides`. */
export function smcParams(lambda: number, overrides: Partial<SmcSpec> = {}): SmcSpec {
  return { ...smcSpec.defaults, lambda, ...overrides } as SmcSpec;
}
