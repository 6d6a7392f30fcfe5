/** The fine-tuning methods as the panel offers them (the kinds of core/finetune/config.ts), with a line on each. */
import { METHOD_KINDS } from '../../../core/finetune/config';
import type { MethodKind } from '../../../core/finetune/config';

export const METHOD_CHOICES: ReadonlyArray<{ value: MethodKind; label: string; hint: string }> = [
  { value: 'ddpo-sf', label: 'DDPO-SF (REINFORCE)', hint: 'Score-function gradient of E r; no fixed point at q.' },
  { value: 'ddpo-is', label: 'DDPO-IS (PPO clip)', hint: 'Clipped importance-ratio steps on E r; no fixed point at q.' },
  { value: 'grpo', label: 'GRPO (group advantages + KL)', hint: 'Advantages normalised within groups of 8 sharing x_T, plus a weak KL anchor.' },
  { value: 'vmpo-diff', label: 'VMPO-Diff (Tweedie potentials)', hint: 'Minimises the variance of per-step log-weights, with a learned baseline M(t).' },
  { value: 'vmpo-r2g', label: 'VMPO-R2G (reward-to-go)', hint: 'VMPO with reward-to-go potentials; q is its fixed point.' },
  { value: 'rgdm', label: 'RGDM (exploration regression)', hint: 'Regresses each step onto reward-weighted candidates around the reference.' },
  { value: 'rwr', label: 'RWR (reward-weighted regression)', hint: 'Denoising regression on reference draws weighted by e^{r/λ}.' },
];

// Every kind the core knows is offered (and nothing else).
if (METHOD_CHOICES.length !== METHOD_KINDS.length || !METHOD_KINDS.every((k) => METHOD_CHOICES.some((c) => c.value === k))) {
  throw new Error('the fine-tune panel must offer exactly the methods of core/finetune/config.ts');
}
