/**
 * The engine's side of saved models: after a training or a fine-tune it saves the new model in this browser
 * (savedDb.ts) and tells the page what happened (`model-saved`: evictions, or why it stays in memory only); when a
 * run names a fine-tuned model that is not in memory, it rebuilds it from its saved job and variable values.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseFineTuneJob, prepareFineTune } from '../../core/finetune/job';
import type { ModelLoader } from '../../core/models/index';
import type { TrainableDenoiser } from '../../core/finetune/policy';
import { FieldError } from '../../core/types';
import type { Denoiser } from '../../core/types';
import type { FromEngine } from '../messages';
import { modelPayload, saveModel, storageProblem } from './savedDb';
import type { SavedModelMeta, SavedPayload } from './savedDb';

/** Saves a model and reports the outcome to the page (never throws: the model is in memory either way). */
export async function saveAndReport(
  post: (m: FromEngine) => void,
  meta: Omit<SavedModelMeta, 'bytes'>,
  payload: SavedPayload,
): Promise<void> {
  try {
    const evicted = await saveModel(meta, payload);
    post({
      type: 'model-saved',
      name: meta.name,
      label: meta.label,
      evicted: evicted.map((m) => ({ name: m.name, label: m.label })),
      problem: null,
    });
  } catch (e) {
    post({ type: 'model-saved', name: meta.name, label: meta.label, evicted: [], problem: storageProblem(e) });
  }
}

/** The values of a policy's variables, copied out (for saving); read back asynchronously, all at once. */
export async function variableValues(policy: TrainableDenoiser): Promise<Array<{ shape: number[]; values: Float32Array }>> {
  const variables = policy.trainableVariables();
  const data = await Promise.all(variables.map((v) => v.data()));
  return variables.map((v, i) => ({ shape: [...v.shape], values: new Float32Array(data[i] as Float32Array) }));
}

/**
 * A saved fine-tuned model rebuilt (the caller owns and disposes it), or null when none is saved by that name:
 * the job prepares a policy of the same architecture, whose variables then take the saved values.
 */
export async function loadSavedFineTuned(name: string, loadModel: ModelLoader): Promise<Denoiser | null> {
  const payload = await modelPayload(name).catch(() => undefined);
  if (payload?.kind !== 'fine-tuned') return null;
  const prepared = await prepareFineTune(parseFineTuneJob(payload.job), loadModel);
  const variables = prepared.policy.trainableVariables();
  const fits =
    variables.length === payload.variables.length &&
    variables.every(
      (v, i) =>
        v.shape.length === payload.variables[i].shape.length &&
        v.shape.every((d, j) => d === payload.variables[i].shape[j]) &&
        v.size === payload.variables[i].values.length,
    );
  if (!fits) {
    prepared.dispose();
    throw new FieldError(
      'model.name',
      `the saved model "${name}" does not fit the network its job builds; delete it and fine-tune again`,
    );
  }
  tf.tidy(() =>
    variables.forEach((v, i) => v.assign(tf.tensor(payload.variables[i].values, payload.variables[i].shape))),
  );
  return prepared.policy;
}
