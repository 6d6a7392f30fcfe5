/**
 * Work saved in this browser (IndexedDB, through `idb`): models trained or fine-tuned in the page, the user's
 * points and the last scenario. Both the page (the "Saved in this browser" panel) and the engine worker (which
 * loads a saved model when a run names it) open the same database, so it lives here, below both.
 *
 * Bounded: at most MAX_SAVED_MODELS models and MAX_SAVED_BYTES of weights; saving beyond either evicts the oldest
 * models first, and the caller is told which, to say so. A browser without storage (private mode, a full disk,
 * storage switched off) makes every call reject with StorageUnavailable; callers then keep the work in memory for
 * the visit and say so.
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';

export const MAX_SAVED_MODELS = 12;
export const MAX_SAVED_BYTES = 32 * 1024 * 1024;

export type SavedModelKind = 'trained' | 'fine-tuned';

/** What the panel lists (the weights are a separate record, read only when a run needs them). */
export interface SavedModelMeta {
  name: string;
  label: string;
  kind: SavedModelKind;
  savedAt: number;
  /** Size of the weights record, for the byte budget. */
  bytes: number;
  /** (fine-tuned) the model the job started from, for the canvas window. */
  source?: unknown;
}

/** A trained model: the layers model's artifacts and its card, and the points it learned from. */
export interface TrainedPayload {
  kind: 'trained';
  card: unknown;
  modelTopology: unknown;
  weightSpecs: unknown;
  weightData: ArrayBuffer;
  points: Float32Array;
}

/** A fine-tuned model: the job document that built its policy, and the values of the policy's variables. */
export interface FineTunedPayload {
  kind: 'fine-tuned';
  job: unknown;
  variables: Array<{ shape: number[]; values: Float32Array }>;
}

export type SavedPayload = TrainedPayload | FineTunedPayload;

interface SavedSchema extends DBSchema {
  models: { key: string; value: SavedModelMeta };
  weights: { key: string; value: SavedPayload };
  work: { key: string; value: unknown };
}

export class StorageUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'StorageUnavailable';
  }
}

const DB_NAME = 'tiltlab-saved';
let opened: Promise<IDBPDatabase<SavedSchema>> | null = null;

/** Why a storage call failed, in words for a notice. */
export function storageProblem(e: unknown): string {
  if (e instanceof StorageUnavailable) return e.reason;
  const name = typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
  if (name === 'QuotaExceededError') return "this browser's storage quota is used up";
  if (name === 'InvalidStateError' || name === 'SecurityError')
    return 'this browser does not allow storage here (private browsing?)';
  return e instanceof Error ? e.message : String(e);
}

function database(): Promise<IDBPDatabase<SavedSchema>> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new StorageUnavailable('this browser has no IndexedDB'));
  opened ??= openDB<SavedSchema>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('models', { keyPath: 'name' });
      db.createObjectStore('weights');
      db.createObjectStore('work');
    },
  }).catch((e: unknown) => {
    opened = null;
    throw new StorageUnavailable(storageProblem(e));
  });
  return opened;
}

/** The byte size the budget counts for a payload (its typed arrays; the JSON parts are small). */
export function payloadBytes(p: SavedPayload): number {
  if (p.kind === 'trained')
    return p.weightData.byteLength + p.points.byteLength + JSON.stringify(p.modelTopology ?? null).length;
  return p.variables.reduce((sum, v) => sum + v.values.byteLength, 0) + JSON.stringify(p.job ?? null).length;
}

/** The models to evict (oldest first) so that `incoming` fits beside the rest; `incoming` replaces a model of its name. */
export function evictionsFor(existing: SavedModelMeta[], incoming: SavedModelMeta): SavedModelMeta[] {
  const others = existing.filter((m) => m.name !== incoming.name).sort((a, b) => a.savedAt - b.savedAt);
  const evicted: SavedModelMeta[] = [];
  let count = others.length + 1;
  let bytes = others.reduce((sum, m) => sum + m.bytes, 0) + incoming.bytes;
  for (const m of others) {
    if (count <= MAX_SAVED_MODELS && bytes <= MAX_SAVED_BYTES) break;
    evicted.push(m);
    count--;
    bytes -= m.bytes;
  }
  return evicted;
}

/** Saves a model (replacing one of the same name); resolves to the models evicted to make room. */
export async function saveModel(meta: Omit<SavedModelMeta, 'bytes'>, payload: SavedPayload): Promise<SavedModelMeta[]> {
  const full: SavedModelMeta = { ...meta, bytes: payloadBytes(payload) };
  if (full.bytes > MAX_SAVED_BYTES)
    throw new StorageUnavailable(`the model is larger than the ${MAX_SAVED_BYTES / 2 ** 20} MB kept for saved models`);
  const db = await database();
  const tx = db.transaction(['models', 'weights'], 'readwrite');
  const evicted = evictionsFor(await tx.objectStore('models').getAll(), full);
  for (const m of evicted) {
    await tx.objectStore('models').delete(m.name);
    await tx.objectStore('weights').delete(m.name);
  }
  await tx.objectStore('models').put(full);
  await tx.objectStore('weights').put(payload, full.name);
  await tx.done;
  return evicted;
}

export async function listModels(): Promise<SavedModelMeta[]> {
  const all = await (await database()).getAll('models');
  return all.sort((a, b) => a.savedAt - b.savedAt);
}

export async function modelPayload(name: string): Promise<SavedPayload | undefined> {
  return (await database()).get('weights', name);
}

export async function renameModel(name: string, label: string): Promise<void> {
  const db = await database();
  const tx = db.transaction('models', 'readwrite');
  const meta = await tx.store.get(name);
  if (meta) await tx.store.put({ ...meta, label });
  await tx.done;
}

export async function deleteModel(name: string): Promise<void> {
  const db = await database();
  const tx = db.transaction(['models', 'weights'], 'readwrite');
  await tx.objectStore('models').delete(name);
  await tx.objectStore('weights').delete(name);
  await tx.done;
}

/** The small records of the page's work ("points", "scenario"). */
export async function readWork(key: string): Promise<unknown> {
  return (await database()).get('work', key);
}

export async function writeWork(key: string, value: unknown): Promise<void> {
  await (await database()).put('work', value, key);
}

export async function deleteWork(key: string): Promise<void> {
  await (await database()).delete('work', key);
}
