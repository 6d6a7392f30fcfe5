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
import { checkJsonText } from '../core/jsonGuard';
import { FieldError } from '../core/types';
import type { Denoiser } from '../core/types';
import { modelPayload } from './saved/savedDb';

interface StoredModel {
  card: MlpCard;
  artifacts: tf.io.ModelArtifacts;
}

const stored = new Map<string, Promise<StoredModel>>();

/** Said when a run names a model that is neither shipped nor saved here (a link made in another browser). */
export function unknownModel(name: string): FieldError {
  return new FieldError('model.name', `no model named "${name}" is shipped with the app or saved in this browser`);
}

async function fetchModel(baseUrl: string, name: string): Promise<StoredModel> {
  const root = new URL(`${name}/`, baseUrl).href;
  const response = await fetch(`${root}card.json`);
  // A static host answers an unknown path with its index page (HTML), not a 404: that is "no such model" too.
  if (!response.ok || (response.headers.get('content-type') ?? '').includes('html')) throw unknownModel(name);
  const text = await response.text();
  // A card is a few kB nesting 4 levels; a hostile host's file is refused before anything walks it.
  checkJsonText(text, { field: `models/${name}/card.json`, maxDepth: 32, maxChars: 1024 * 1024 });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unknownModel(name);
  }
  const card = parseMlpCard(json, `models/${name}/card.json`);
  const handler = tf.io.http(`${root}model.json`);
  if (!handler.load) throw new Error('this tfjs build cannot load models over HTTP');
  return { card, artifacts: await handler.load() };
}

/** A model trained in the page and saved in this browser, or null when none is saved by that name (or storage is off). */
async function savedModel(name: string): Promise<StoredModel | null> {
  const payload = await modelPayload(name).catch(() => undefined);
  if (payload?.kind !== 'trained') return null;
  const card = parseMlpCard(payload.card, `saved model "${name}"`);
  const artifacts = {
    modelTopology: payload.modelTopology,
    weightSpecs: payload.weightSpecs,
    weightData: payload.weightData,
  } as tf.io.ModelArtifacts;
  return { card, artifacts };
}

/** A fresh denoiser for `name`; the caller (the run) owns it and disposes it. */
export async function loadDenoiser(baseUrl: string, name: string): Promise<Denoiser> {
  let entry = stored.get(name);
  if (!entry) {
    entry = savedModel(name).then((saved) => saved ?? fetchModel(baseUrl, name));
    stored.set(name, entry);
    // A failed fetch must not poison the cache: the next run tries again.
    entry.catch(() => stored.delete(name));
  }
  const { card, artifacts } = await entry;
  const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  return MlpDenoiser.fromCard(model, card);
}

/** Drops a model from memory (deleted from the saved models, or replaced by an import of the same name). */
export function forgetModel(name: string): void {
  stored.delete(name);
}

/**
 * Registers a model trained in the page under `name` (its weights are copied; the caller keeps `model`) and
 * returns its artifacts, with the weights in one buffer, for saving.
 */
export async function storeTrainedModel(name: string, card: MlpCard, model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const saved = artifacts as tf.io.ModelArtifacts | null;
  if (!saved) throw new Error('the trained model could not be serialised');
  const joined: tf.io.ModelArtifacts = { ...saved, weightData: tf.io.CompositeArrayBuffer.join(saved.weightData) };
  stored.set(name, Promise.resolve({ card, artifacts: joined }));
  return joined;
}
