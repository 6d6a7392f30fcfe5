/**
 * The page's handle on the engine worker: typed send, and a subscription to everything the worker posts.
 * One engine per page, created by the entry module before the rest of the app has loaded, so messages that
 * arrive before the first subscriber are kept and handed over when it subscribes.
 */
import type { FromEngine, ToEngine } from './messages';

export type EngineListener = (message: FromEngine) => void;

export class EngineClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<EngineListener>();
  private early: FromEngine[] | null = [];
  private crash: string | null = null;
  private crashListener: ((problem: string) => void) | null = null;
  private firstFrameSeen = false;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'tiltlab-engine' });
    this.worker.onmessage = (event: MessageEvent<FromEngine>) => {
      // For the measurement script (scripts/measure-app.mjs): when the engine's first step reached the page.
      if (!this.firstFrameSeen && event.data.type === 'frame') {
        this.firstFrameSeen = true;
        performance.mark('tiltlab:first-frame-received');
      }
      if (this.early) this.early.push(event.data);
      else for (const listener of this.listeners) listener(event.data);
    };
    this.worker.onerror = (event) => {
      this.crash = event.message || 'the sampling engine stopped unexpectedly';
      this.crashListener?.(this.crash);
    };
  }

  onCrash(listener: (problem: string) => void): void {
    this.crashListener = listener;
    if (this.crash) listener(this.crash);
  }

  send(message: ToEngine, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** Stops the worker for good (an embedded figure removed from its page). */
  dispose(): void {
    this.listeners.clear();
    this.worker.terminate();
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    const early = this.early;
    this.early = null;
    early?.forEach((m) => listener(m));
    return () => this.listeners.delete(listener);
  }
}
