/**
 * The model the last fine-tune in this page produced, kept in the worker under its name so that runs load it like
 * a shipped model. Only the latest is kept (a new one releases the previous weights), so repeated fine-tunes do
 * not pile up tensors. Every run gets its own copy, because a run owns and disposes its denoiser.
 *
 * When the fine-tune's target was known in closed form (an analytic GMM data law and a polynomial reward), that
 * target q ∝ p·e^{r/λ} is what the fine-tuned model is meant to sample: runs on it take q as the model's law for
 * their exact figures (prepareRun.ts), so the exact E_q r line, the contours and the distance to q stay on screen.
 */
import type { GmmSpec } from '../core/types';
import type { PreparedFineTune } from '../core/finetune/job';
import type { Denoiser } from '../core/types';

let latest: { name: string; prepared: PreparedFineTune; lambda: number } | null = null;

export function registerFineTuned(name: string, prepared: PreparedFineTune, lambda: number): void {
  latest?.prepared.dispose();
  latest = { name, prepared, lambda };
}

/** A fresh copy of the fine-tuned model `name` (the caller disposes it), or null when there is none by that name. */
export function fineTunedDenoiser(name: string): Denoiser | null {
  return latest?.name === name ? latest.prepared.policy.copy() : null;
}

/** The closed-form law the fine-tuned model `name` was trained towards, with its λ; null when unknown. */
export function fineTunedTarget(name: string): { spec: GmmSpec; lambda: number } | null {
  const target = latest?.name === name ? latest.prepared.target : null;
  return target && latest ? { spec: target.spec, lambda: latest.lambda } : null;
}
