/**
 * Work saved in this browser (engine/saved/savedDb.ts) on an in-memory IndexedDB: the bounds (model count and
 * byte budget, oldest evicted first and reported), rename and delete, the model file round trip, and the checks
 * a model file must pass before it is saved.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FieldError } from '../../../src/core/types';
import {
  deleteModel,
  evictionsFor,
  listModels,
  MAX_SAVED_BYTES,
  MAX_SAVED_MODELS,
  modelPayload,
  payloadBytes,
  renameModel,
  saveModel,
  StorageUnavailable,
} from '../../../src/engine/saved/savedDb';
import type { SavedModelMeta, TrainedPayload } from '../../../src/engine/saved/savedDb';
import { modelFileText, readModelFile } from '../../../src/app/storage/modelFile';

const MOONS = path.resolve(__dirname, '../../../public/models/moons');

function moonsPayload(): TrainedPayload {
  const model = JSON.parse(readFileSync(path.join(MOONS, 'model.json'), 'utf8')) as {
    modelTopology: unknown;
    weightsManifest: Array<{ weights: unknown }>;
  };
  const bin = readFileSync(path.join(MOONS, 'weights.bin'));
  return {
    kind: 'trained',
    card: JSON.parse(readFileSync(path.join(MOONS, 'card.json'), 'utf8')),
    modelTopology: model.modelTopology,
    weightSpecs: model.weightsManifest[0].weights,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    points: new Float32Array([0, 0, 1, 1, -1, 0.5]),
  };
}

const meta = (name: string, savedAt: number, bytes = 1000): SavedModelMeta => ({
  name,
  label: name,
  kind: 'trained',
  savedAt,
  bytes,
});

describe('evictionsFor', () => {
  it('evicts the oldest models first once the count is reached', () => {
    const existing = Array.from({ length: MAX_SAVED_MODELS }, (_, i) => meta(`m-${i}`, 100 - i)); // m-11 is the oldest
    expect(evictionsFor(existing, meta('new', 200)).map((m) => m.name)).toEqual([`m-${MAX_SAVED_MODELS - 1}`]);
    expect(evictionsFor(existing.slice(1), meta('new', 200))).toEqual([]);
  });

  it('evicts the oldest until the byte budget holds, and a model replacing one of its name does not count twice', () => {
    const half = MAX_SAVED_BYTES / 2;
    const existing = [meta('a', 1, half), meta('b', 2, half / 2), meta('c', 3, half / 2)];
    expect(evictionsFor(existing, meta('new', 4, half / 2)).map((m) => m.name)).toEqual(['a']);
    expect(evictionsFor(existing, meta('a', 4, half))).toEqual([]);
    expect(evictionsFor(existing, meta('new', 4, MAX_SAVED_BYTES)).map((m) => m.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('saved models in IndexedDB', () => {
  it('saves, lists, renames, evicts the oldest beyond the count, and deletes', async () => {
    const payload = moonsPayload();
    for (let i = 0; i < MAX_SAVED_MODELS; i++)
      expect(
        await saveModel({ name: `my-data-${i}`, label: `Model ${i}`, kind: 'trained', savedAt: 1000 + i }, payload),
      ).toEqual([]);
    const listed = await listModels();
    expect(listed.map((m) => m.name)).toEqual(Array.from({ length: MAX_SAVED_MODELS }, (_, i) => `my-data-${i}`));
    expect(listed[0].bytes).toBe(payloadBytes(payload));

    await renameModel('my-data-3', 'Ring of 200');
    expect((await listModels()).find((m) => m.name === 'my-data-3')?.label).toBe('Ring of 200');

    const evicted = await saveModel({ name: 'my-data-99', label: 'Newest', kind: 'trained', savedAt: 5000 }, payload);
    expect(evicted.map((m) => m.name)).toEqual(['my-data-0']);
    expect(await modelPayload('my-data-0')).toBeUndefined();
    expect((await listModels()).length).toBe(MAX_SAVED_MODELS);

    const back = await modelPayload('my-data-99');
    expect(back?.kind).toBe('trained');
    expect(new Uint8Array((back as TrainedPayload).weightData)).toEqual(new Uint8Array(payload.weightData));

    await deleteModel('my-data-99');
    expect(await modelPayload('my-data-99')).toBeUndefined();
    expect((await listModels()).some((m) => m.name === 'my-data-99')).toBe(false);
  });

  it('refuses a model larger than the whole budget, saying so', async () => {
    const payload = { ...moonsPayload(), weightData: new ArrayBuffer(MAX_SAVED_BYTES + 1) };
    await expect(saveModel({ name: 'too-big', label: 'x', kind: 'trained', savedAt: 1 }, payload)).rejects.toThrow(
      StorageUnavailable,
    );
  });
});

describe('model files', () => {
  const m: SavedModelMeta = {
    name: 'my-data-7',
    label: 'Your data (ring.csv)',
    kind: 'trained',
    savedAt: 1_700_000_000_000,
    bytes: 0,
  };

  it('round-trips a trained model: weights, card and points come back byte for byte', () => {
    const payload = moonsPayload();
    const back = readModelFile(modelFileText(m, payload));
    expect(back.meta).toEqual({ name: m.name, label: m.label, kind: 'trained', savedAt: m.savedAt });
    const p = back.payload as TrainedPayload;
    expect(new Uint8Array(p.weightData)).toEqual(new Uint8Array(payload.weightData));
    expect(p.points).toEqual(payload.points);
    expect(p.card).toEqual(payload.card);
  });

  it('names what is wrong with a bad file', () => {
    const good = JSON.parse(modelFileText(m, moonsPayload())) as { model: Record<string, unknown> };
    const variant = (patch: (f: { model: Record<string, unknown> } & Record<string, unknown>) => void) => {
      const f = structuredClone(good) as { model: Record<string, unknown> } & Record<string, unknown>;
      patch(f);
      return JSON.stringify(f);
    };
    const problem = (text: string) => {
      try {
        readModelFile(text);
        return 'accepted';
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        return `${e.field}: ${e.problem}`;
      }
    };
    expect(problem('{"format":"something"}')).toBe(
      'format: must be "tiltlab-model" (this is not a Tilt Lab model file)',
    );
    expect(problem('not json')).toMatch(/^model file: is not JSON/);
    expect(problem(variant((f) => (f.name = 'Bad Name!')))).toMatch(/^name: /);
    expect(problem(variant((f) => (f.model.weights = (f.model.weights as string).slice(8))))).toMatch(
      /^model\.weights: holds \d+ bytes where the weight specs need \d+$/,
    );
    expect(problem(variant((f) => ((f.model.card as { moments: unknown }).moments = 'x')))).toBe(
      'model.card.moments: Invalid input: expected object, received string',
    );
    expect(problem(variant((f) => (f.model.points = '!!!')))).toMatch(/^model\.points: /);
  });
});
