/**
 * The animation loop, run on a dirty flag: it asks for an animation frame only when something has changed — a
 * new engine frame to apply, a canvas whose picture is out of date (a new step, a resize, a new run) — or while
 * a task says it needs the next frame too (a playing clock). When nothing is dirty it stops requesting frames,
 * and `invalidate()` starts it again. Tasks run in the order they were added, once per frame; each returns
 * whether it needs another frame. The frame scheduler is injected, so the loop is tested without a browser.
 */

/** One piece of per-frame work; returns true to be run again on the next frame. */
export type LoopTask = (now: number) => boolean;

export interface FrameScheduler {
  request(callback: (now: number) => void): number;
  cancel(handle: number): void;
}

const browserFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export class RedrawLoop {
  private readonly tasks = new Set<LoopTask>();
  private handle: number | null = null;
  private inFrame = false;
  private dirtyDuringFrame = false;

  constructor(private readonly frames: FrameScheduler = browserFrames) {}

  /** Adds a task (and runs it on the next frame); returns its removal. */
  add(task: LoopTask): () => void {
    this.tasks.add(task);
    this.invalidate();
    return () => {
      this.tasks.delete(task);
    };
  }

  /** Something changed: make sure a frame comes. */
  invalidate(): void {
    if (this.inFrame) this.dirtyDuringFrame = true;
    else if (this.handle === null) this.handle = this.frames.request(this.frame);
  }

  /** Whether a frame is requested (false: the loop is asleep until the next `invalidate`). */
  get awake(): boolean {
    return this.handle !== null;
  }

  dispose(): void {
    if (this.handle !== null) this.frames.cancel(this.handle);
    this.handle = null;
    this.tasks.clear();
  }

  private readonly frame = (now: number): void => {
    this.handle = null;
    this.inFrame = true;
    this.dirtyDuringFrame = false;
    let again = false;
    try {
      for (const task of [...this.tasks]) if (task(now)) again = true;
    } finally {
      this.inFrame = false;
    }
    if ((again || this.dirtyDuringFrame) && this.tasks.size > 0) this.handle = this.frames.request(this.frame);
  };
}
