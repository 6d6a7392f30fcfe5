/**
 * tf.grad needs tfjs's gradient functions, which tfjs-core does not register by itself, and how to register them
 * differs by host: a bundled page or worker imports '@tensorflow/tfjs-core/dist/register_all_gradients'; Node
 * imports '@tensorflow/tfjs', whose Node build registers them (importing the bundler file in Node would load a
 * second copy of tfjs-core). Core cannot pick for its host, so whatever uses tf.grad checks first and says what is
 * missing instead of failing deep inside the tape.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Throws a clear error naming `purpose` when the gradient functions are not registered. */
export function assertGradientsRegistered(purpose: string): void {
  if (!tf.getGradient(tf.Sum) || !tf.getGradient(tf.Neg) || !tf.getGradient(tf.Softmax) || !tf.getGradient(tf.Unpack)) {
    throw new Error(
      `${purpose} needs tfjs gradients: import '@tensorflow/tfjs-core/dist/register_all_gradients' (bundled page or ` +
        "worker) or '@tensorflow/tfjs' (Node) once",
    );
  }
}
