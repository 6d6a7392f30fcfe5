/**
 * The model the last fine-tune in this page produced, kept in the worker under its name so that runs load it like
 * a shipped model. Only the latest is kept (a new one releases the previous weights), so repeated fine-tunes do
 * not pile up tensors. Every run gets its own copy, because a run owns and disposes its denoiser.
 */
import type { PreparedFineTune } from '../core/finetune/job';
import type { Denoiser } from '../core/types';

let latest: { name: string; prepared: PreparedFineTune } | null = null;

export function registerFineTuned(name: string, prepared: PreparedFineTune): void {
  latest?.prepared.dispose();
  latest = { name, prepared };
}

/** A fresh copy of the fine-tuned model `name` (the caller disposes it), or null when there is none by that name. */
export function fineTunedDenoiser(name: string): Denoiser | null {
  return latest?.name === name ? latest.prepared.policy.copy() : null;
}
