/**
 * Learned models for the engine: those shipped in public/models/<name>/ (fetched once, kept as in-memory
 * artifacts) and those trained in the page. Every run gets a fresh denoiser built from the artifacts,
 * because the run owns and disposes its denoiser. This module pulls in tfjs-layers, so the worker imports
 * it lazily: a page that never touches a learned model never downloads it.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { MlpDenoiser } from '../core/models/mlp';
import { parseMlpCard } from '../core/models/mlpCard';
import type { MlpCard } from '../core/models/mlpCard';
import type { Denoiser } from '../core/types';

interface StoredModel {
  card: MlpCard;
  artifacts: tf.io.ModelArtifacts;
}

const stored = new Map<string, Promise<StoredModel>>();

async function fetchModel(baseUrl: string, name: string): Promise<StoredModel> {
  const root = new URL(`${name}/`, baseUrl).href;
  const response = await fetch(`${root}card.json`);
  if (!response.ok) throw new Error(`no model named "${name}" (card.json: HTTP ${response.status})`);
  const card = parseMlpCard(await response.json(), `models/${name}/card.json`);
  const handler = tf.io.http(`${root}model.json`);
  if (!handler.load) throw new Error('this tfjs build cannot load models over HTTP');
  return { card, artifacts: await handler.load() };
}

/** A fresh denoiser for `name`; the caller (the run) owns it and disposes it. */
export async function loadDenoiser(baseUrl: string, name: string): Promise<Denoiser> {
  let entry = stored.get(name);
  if (!entry) {
    entry = fetchModel(baseUrl, name);
    stored.set(name, entry);
    // A failed fetch must not poison the cache: the next run tries again.
    entry.catch(() => stored.delete(name));
  }
  const { card, artifacts } = await entry;
  const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  return MlpDenoiser.fromCard(model, card);
}

/** Registers a model trained in the page under `name` (its weights are copied; the caller keeps `model`). */
export async function storeTrainedModel(name: string, card: MlpCard, model: tfl.LayersModel): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('the trained model could not be serialised');
  stored.set(name, Promise.resolve({ card, artifacts }));
}
