// INTERIM (replaced when core/train lands)
import type { FromEngine } from './messages';
export class Trainer {
  constructor(private readonly post: (m: FromEngine) => void, _base: () => string) {}
  busy = false;
  start(trainId: number, _name: string, _points: Float32Array, _steps: number): void {
    this.post({ type: 'train-error', trainId, problem: 'interim' });
  }
  cancel(_id: number): void {}
  cancelAll(): void {}
  async drain(): Promise<void> {}
}
