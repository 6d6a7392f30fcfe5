/**
 * One device → host read per step (architecture.md "Engine and performance rules": at most one `await data()` per step):
 * the tensors a step needs on the host are flattened, concatenated, read once and split again.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Reads every tensor (null entries give null) with a single `data()` call. Does not dispose the inputs. */
export async function readTogether(tensors: ReadonlyArray<Tensor | null>): Promise<Array<Float32Array | null>> {
  const present = tensors.filter((t): t is Tensor => t !== null);
  if (present.length === 0) return tensors.map(() => null);
  const joined = tf.tidy(() => tf.concat(present.map((t) => tf.reshape(tf.cast(t, 'float32'), [-1]))));
  const flat = (await joined.data()) as Float32Array;
  joined.dispose();
  let offset = 0;
  return tensors.map((t) => {
    if (!t) return null;
    const part = flat.subarray(offset, offset + t.size);
    offset += t.size;
    return part;
  });
}
