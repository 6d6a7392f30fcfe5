/**
 * The camera: the window every lane's canvas shows (one camera for both lanes in compare mode, so that their
 * pictures compare point for point). It follows the fitted window (framing.ts) while in "auto" mode, gliding to
 * each new fit over GLIDE_MS instead of jumping; a pan or a zoom by the user switches it to "manual", where new
 * fits are remembered but not followed, until `fit()` returns it to auto. The glide is advanced by `tick(now)`,
 * called once per animation frame by the host's loop (it returns whether it needs another frame).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { ease, lerpView, sameView } from './framing';
import type { View } from './view';

export const GLIDE_MS = 450;

export interface CameraState {
  /** The window shown now (mid-glide: between the two). */
  view: View;
  /** Auto follows the fitted window; manual keeps the user's pan and zoom. */
  mode: 'auto' | 'manual';
  /** The latest fitted window. */
  fitted: View;
}

export class Camera {
  readonly store: StoreApi<CameraState>;
  private glide: { from: View; to: View; start: number | null } | null = null;
  private hasFit = false;

  /** `wake` asks the host for an animation frame (a glide has begun). */
  constructor(initial: View, private readonly wake: () => void = () => {}) {
    this.store = createStore<CameraState>()(() => ({ view: initial, mode: 'auto', fitted: initial }));
  }

  get state(): CameraState {
    return this.store.getState();
  }

  /** A new fitted window (a run started or finished, the model changed). The first one is taken at once. */
  setFitted(fitted: View): void {
    const s = this.state;
    if (sameView(s.fitted, fitted) && this.hasFit) return;
    const first = !this.hasFit;
    this.hasFit = true;
    this.store.setState({ fitted });
    if (s.mode !== 'auto') return;
    if (first) this.jump(fitted);
    else this.glideTo(fitted);
  }

  /** Back to the fitted window, and to auto mode (the "Fit" control). */
  fit(): void {
    this.store.setState({ mode: 'auto' });
    this.glideTo(this.state.fitted);
  }

  /** The user moved the window: shown at once, and the camera stays there (manual) until `fit()`. */
  setManual(view: View): void {
    this.glide = null;
    this.store.setState({ view, mode: 'manual' });
  }

  /** Advances a glide; true while it needs further frames. */
  tick(now: number): boolean {
    const g = this.glide;
    if (!g) return false;
    if (g.start === null) g.start = now;
    const u = (now - g.start) / GLIDE_MS;
    if (u >= 1) {
      this.glide = null;
      this.store.setState({ view: g.to });
      return false;
    }
    this.store.setState({ view: lerpView(g.from, g.to, ease(u)) });
    return true;
  }

  /** Whether a glide is under way. */
  get gliding(): boolean {
    return this.glide !== null;
  }

  private jump(view: View): void {
    this.glide = null;
    this.store.setState({ view });
  }

  private glideTo(to: View): void {
    const from = this.state.view;
    if (sameView(from, to)) return this.jump(to);
    this.glide = { from, to, start: null };
    this.wake();
  }
}
