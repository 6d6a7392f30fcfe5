// A denoiser that counts network forwards (eps, x0 and denoise each cost one), for the one-forward-per-step tests.
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { MlpDenoiser } from '../../../../src/core/models/mlp';
import type { Denoised, Denoiser } from '../../../../src/core/types';

export class CountingDenoiser implements Denoiser {
  forwards = 0;
  constructor(private readonly inner: MlpDenoiser) {}
  get name(): string {
    return this.inner.name;
  }
  eps(x: Tensor2D, t: number): Tensor2D {
    this.forwards++;
    return this.inner.eps(x, t);
  }
  x0(x: Tensor2D, t: number): Tensor2D {
    this.forwards++;
    return this.inner.x0(x, t);
  }
  denoise(x: Tensor2D, t: number): Denoised {
    this.forwards++;
    return this.inner.denoise(x, t);
  }
  dispose(): void {
    this.inner.dispose();
  }
}
