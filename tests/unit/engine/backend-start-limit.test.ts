/**
 * A backend that never finishes starting (a pthread worker a policy refused, a GPU driver that never answers) is
 * given up after the start limit with a reason, is not tried again in the session, and the next backend starts at
 * once — no wait on the hung initialisation (src/engine/backends.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, expect, test } from 'vitest';
import { activateBackend, activeBackend, BackendUnavailable } from '../../../src/engine/backends';
import type { BackendName } from '../../../src/engine/messages';

const STUCK = 'stuck' as BackendName;
tf.registerBackend(STUCK, () => new Promise<tf.KernelBackend>(() => {}));

afterAll(async () => {
  if (tf.findBackendFactory(STUCK)) tf.removeBackend(STUCK);
  await tf.setBackend('cpu');
});

test('a backend that never starts is refused after the limit, and CPU then starts', async () => {
  const started = Date.now();
  const failure = await activateBackend(STUCK, 200).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(BackendUnavailable);
  expect((failure as BackendUnavailable).reason).toBe('it did not start within 200 ms');
  expect(Date.now() - started).toBeGreaterThanOrEqual(190);

  await activateBackend('cpu', 200);
  expect(activeBackend()).toBe('cpu');
  expect(tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]).toBe(6);

  // The session remembers it: a second try fails at once with the reason, instead of waiting again.
  const again = await activateBackend(STUCK, 200).catch((e: unknown) => e);
  expect((again as BackendUnavailable).reason).toBe('it did not start within 200 ms earlier in this session; reload the page to try it again');
});
