/**
 * From a scenario's `model` field to a Denoiser: the analytic GMM is built here; a learned model is loaded
 * through a caller-supplied loader, because fetching weights differs between the page (HTTP) and Node (files)
 * and core has no I/O of its own.
 */
import type { ModelSpec } from '../scenario';
import { FieldError } from '../types';
import type { Denoiser } from '../types';
import { GmmDenoiser } from './gmm';
import { gmmSpecOf } from './gmmSpec';

/** Loads the learned model `name` (public/models/<name>/). Returns a denoiser the caller owns and disposes. */
export type ModelLoader = (name: string) => Promise<Denoiser>;

export async function buildDenoiser(model: ModelSpec, loadModel?: ModelLoader): Promise<Denoiser> {
  if (model.kind === 'gmm') {
    return new GmmDenoiser(gmmSpecOf(model));
  }
  if (!loadModel) throw new FieldError('model.name', `no model loader is available here to load "${model.name}"`);
  try {
    return await loadModel(model.name);
  } catch (e) {
    if (e instanceof FieldError) throw e;
    throw new FieldError('model.name', `could not load model "${model.name}": ${e instanceof Error ? e.message : String(e)}`);
  }
}
