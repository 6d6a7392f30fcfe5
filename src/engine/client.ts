/**
 * The page's handle on the engine worker: typed send, and a subscription to everything the worker posts.
 * One engine per page; the store owns it.
 */
import type { FromEngine, ToEngine } from './messages';

export type EngineListener = (message: FromEngine) => void;

export class EngineClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<EngineListener>();

  constructor(onCrash: (problem: string) => void) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'tiltlab-engine' });
    this.worker.onmessage = (event: MessageEvent<FromEngine>) => {
      for (const listener of this.listeners) listener(event.data);
    };
    this.worker.onerror = (event) => onCrash(event.message || 'the sampling engine stopped unexpectedly');
  }

  send(message: ToEngine, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
