/**
 * A saved model as a file, to move it to another browser: JSON with the weights in base64. Reading one checks
 * its size and nesting before parsing, its shape with a schema, and its card or fine-tuning job with the same
 * parsers the engine uses, so that only a checked model is ever saved (and later loaded by the engine).
 */
import { checkJsonText } from '../../core/jsonGuard';
import { parseFineTuneJob } from '../../core/finetune/jobSpec';
import { ModelCardError, MODEL_NAME_PATTERN, parseMlpCard } from '../../core/models/mlpCard';
import { FieldError } from '../../core/types';
import { z } from '../../core/zod';
import { MAX_SAVED_BYTES } from '../../engine/saved/savedDb';
import type { SavedModelMeta, SavedPayload } from '../../engine/saved/savedDb';
import { issueMessage, REPORT_INPUT } from '../../core/issueMessage';

export const MODEL_FILE_FORMAT = 'tiltlab-model';
/** A model file nests at most ~12 levels (a layers model's topology); 64 leaves room and stops a hostile file. */
export const MAX_MODEL_FILE_DEPTH = 64;
/** Base64 grows the weights by 4/3; the JSON around them is small. */
export const MAX_MODEL_FILE_CHARS = Math.ceil((MAX_SAVED_BYTES * 4) / 3) + 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

function fromBase64(text: string, field: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new FieldError(field, 'is not valid base64');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function floatsFromBase64(text: string, field: string): Float32Array {
  const bytes = fromBase64(text, field);
  if (bytes.length % 4 !== 0) throw new FieldError(field, 'is not a whole number of 32-bit floats');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

const fileSchema = z.strictObject({
  format: z.literal(MODEL_FILE_FORMAT),
  version: z.literal(1),
  name: z.string().regex(MODEL_NAME_PATTERN, 'lower-case letters, digits and dashes, at most 64'),
  label: z.string().min(1).max(120),
  savedAt: z.number().int().min(0).max(8.64e15),
  model: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('trained'),
      card: z.unknown(),
      modelTopology: z.record(z.string(), z.unknown()),
      weightSpecs: z
        .array(
          z.strictObject({
            name: z.string().max(200),
            shape: z
              .array(
                z
                  .number()
                  .int()
                  .min(0)
                  .max(1 << 20),
              )
              .max(8),
            dtype: z.literal('float32'),
          }),
        )
        .max(256),
      weights: base64,
      points: base64,
    }),
    z.strictObject({
      kind: z.literal('fine-tuned'),
      job: z.unknown(),
      source: z.unknown().optional(),
      variables: z
        .array(
          z.strictObject({
            shape: z
              .array(
                z
                  .number()
                  .int()
                  .min(0)
                  .max(1 << 20),
              )
              .max(8),
            values: base64,
          }),
        )
        .max(256),
    }),
  ]),
});

/** The file text of a saved model. */
export function modelFileText(meta: SavedModelMeta, payload: SavedPayload): string {
  const common = { format: MODEL_FILE_FORMAT, version: 1, name: meta.name, label: meta.label, savedAt: meta.savedAt };
  const model =
    payload.kind === 'trained'
      ? {
          kind: 'trained',
          card: payload.card,
          modelTopology: payload.modelTopology,
          weightSpecs: payload.weightSpecs,
          weights: toBase64(new Uint8Array(payload.weightData)),
          points: toBase64(new Uint8Array(payload.points.buffer, payload.points.byteOffset, payload.points.byteLength)),
        }
      : {
          kind: 'fine-tuned',
          job: payload.job,
          ...(meta.source !== undefined ? { source: meta.source } : {}),
          variables: payload.variables.map((v) => ({
            shape: v.shape,
            values: toBase64(new Uint8Array(v.values.buffer, v.values.byteOffset, v.values.byteLength)),
          })),
        };
  return JSON.stringify({ ...common, model });
}

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Reads a model file; throws a FieldError naming the bad part (`model file` for the text itself). */
export function readModelFile(text: string): { meta: Omit<SavedModelMeta, 'bytes'>; payload: SavedPayload } {
  checkJsonText(text, { field: 'model file', maxDepth: MAX_MODEL_FILE_DEPTH, maxChars: MAX_MODEL_FILE_CHARS });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FieldError('model file', `is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = fileSchema.safeParse(json, REPORT_INPUT);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FieldError(
      issue.path.map(String).join('.') || 'model file',
      issue.code === 'invalid_value' && issue.path[0] === 'format'
        ? `must be "${MODEL_FILE_FORMAT}" (this is not a Tilt Lab model file)`
        : issueMessage(issue),
    );
  }
  const f = parsed.data;
  const meta = { name: f.name, label: f.label, kind: f.model.kind, savedAt: f.savedAt };
  if (f.model.kind === 'trained') {
    try {
      parseMlpCard(f.model.card, 'model.card');
    } catch (e) {
      if (e instanceof ModelCardError)
        throw new FieldError(e.field ? `model.card.${e.field}` : 'model.card', e.problem);
      throw e;
    }
    const weightData = fromBase64(f.model.weights, 'model.weights');
    const expected = f.model.weightSpecs.reduce((sum, s) => sum + 4 * product(s.shape), 0);
    if (weightData.length !== expected)
      throw new FieldError('model.weights', `holds ${weightData.length} bytes where the weight specs need ${expected}`);
    const points = floatsFromBase64(f.model.points, 'model.points');
    return {
      meta,
      payload: {
        kind: 'trained',
        card: f.model.card,
        modelTopology: f.model.modelTopology,
        weightSpecs: f.model.weightSpecs,
        weightData: weightData.buffer.slice(
          weightData.byteOffset,
          weightData.byteOffset + weightData.length,
        ) as ArrayBuffer,
        points: new Float32Array(points),
      },
    };
  }
  try {
    parseFineTuneJob(f.model.job);
  } catch (e) {
    if (e instanceof FieldError) throw new FieldError(`model.job.${e.field}`, e.problem);
    throw e;
  }
  const variables = f.model.variables.map((v, i) => {
    const values = floatsFromBase64(v.values, `model.variables.${i}.values`);
    if (values.length !== product(v.shape))
      throw new FieldError(
        `model.variables.${i}.values`,
        `holds ${values.length} numbers where shape [${v.shape.join(', ')}] needs ${product(v.shape)}`,
      );
    return { shape: v.shape, values: new Float32Array(values) };
  });
  return {
    meta: { ...meta, ...(f.model.source !== undefined ? { source: f.model.source } : {}) },
    payload: { kind: 'fine-tuned', job: f.model.job, variables },
  };
}
