/**
 * Learned models on disk for Node entry points and tests: public/models/<name>/ holds card.json (the model
 * card, models/mlpCard.ts), model.json (tfjs layers topology + weights manifest) and the weight file(s).
 * Loading reads the files and hands them to tf.io.fromMemory, so no network and no tfjs-node are needed.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonNestingDepth } from '../core/jsonGuard';
import { MlpDenoiser } from '../core/models/mlp';
import { MODEL_NAME_PATTERN, parseMlpCard } from '../core/models/mlpCard';
import type { MlpCard } from '../core/models/mlpCard';

export const MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/models');
const WEIGHTS_FILE = 'weights.bin';

interface ModelJson {
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`${what}: cannot read ${path.basename(path.dirname(file))}/${path.basename(file)}`);
  }
  // A card or model.json is a few kB nesting ~12 levels (a layers topology): depth and size are checked before parsing.
  const depth = jsonNestingDepth(text);
  if (depth > 64 || text.length > 16 * 1024 * 1024) throw new Error(`${what}: ${path.basename(file)} is ${depth > 64 ? 'nested deeper than 64 levels' : 'larger than 16 MB'}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what}: ${path.basename(file)} is not valid JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}

export async function readModelCard(name: string, root = MODELS_DIR): Promise<MlpCard> {
  if (!MODEL_NAME_PATTERN.test(name)) throw new Error(`"${name}" is not a model name`);
  return parseMlpCard(await readJson(path.join(root, name, 'card.json'), `model "${name}"`), `models/${name}/card.json`);
}

export async function loadLayersFromDisk(name: string, root = MODELS_DIR): Promise<tfl.LayersModel> {
  const dir = path.join(root, name);
  const json = (await readJson(path.join(dir, 'model.json'), `model "${name}"`)) as ModelJson;
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`model "${name}": model.json is not a tfjs layers model (modelTopology/weightsManifest missing)`);
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(await readFile(path.join(dir, p)));
  }
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weightData.buffer }));
}

/** The model and its validated card. */
export async function loadModelWithCard(name: string, root = MODELS_DIR): Promise<{ card: MlpCard; denoiser: MlpDenoiser }> {
  const card = await readModelCard(name, root);
  const model = await loadLayersFromDisk(name, root);
  return { card, denoiser: MlpDenoiser.fromCard(model, card) };
}

/** A ModelLoader (core/models/index.ts) for Node: the caller owns and disposes the denoiser. */
export async function loadModelFromDisk(name: string): Promise<MlpDenoiser> {
  return (await loadModelWithCard(name)).denoiser;
}

/** Writes model.json + weights.bin (layers format) and card.json into <root>/<card.name>/. */
export async function saveModelToDisk(model: tfl.LayersModel, card: MlpCard, root = MODELS_DIR): Promise<string> {
  const dir = path.join(root, card.name);
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.weightData || !artifacts.weightSpecs) throw new Error('the model has no weights to save');
      const data = new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[]));
      const modelJson: ModelJson = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      await writeFile(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      await writeFile(path.join(dir, WEIGHTS_FILE), data);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.byteLength } };
    }),
  );
  await writeFile(path.join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  return dir;
}
