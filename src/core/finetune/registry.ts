/** Every fine-tuning method, registered in one place: adding a method means adding its file and one line here. */
import type { MethodKind } from './config';
import { ddpoIs } from './ddpoIs';
import { ddpoSf } from './ddpoSf';
import { grpo } from './grpo';
import type { FineTuneMethod } from './method';
import { rgdm } from './rgdm';
import { rwr } from './rwr';
import { vmpoDiff } from './vmpoDiff';
import { vmpoR2g } from './vmpoR2g';

const METHODS: FineTuneMethod[] = [ddpoSf, ddpoIs, grpo, vmpoDiff, vmpoR2g, rgdm, rwr];

export function methodFor(kind: MethodKind): FineTuneMethod {
  const m = METHODS.find((d) => d.kind === kind);
  if (!m) throw new Error(`no fine-tuning method registered for "${kind}"`);
  return m;
}

export function allMethods(): readonly FineTuneMethod[] {
  return METHODS;
}
