/**
 * Playback: while playing, the display cursor advances with the clock so that any run plays in about
 * PLAYBACK_SECONDS (at least MIN_STEPS_PER_SECOND), on fast and slow machines alike; it never passes the
 * newest frame the engine has sent. The engine computes ahead; the charts and the canvas both show the
 * cursor's step, so they always agree.
 */
import { maxFrames, runsFinished, useApp } from './store';

const PLAYBACK_SECONDS = 2;
const MIN_STEPS_PER_SECOND = 30;

export function startPlayer(): () => void {
  let raf = 0;
  let last = performance.now();
  let carry = 0;
  const tick = (now: number) => {
    const s = useApp.getState();
    const elapsed = Math.min(250, now - last); // a background tab or a long task must not jump the run
    last = now;
    if (s.playing) {
      const available = maxFrames(s);
      const steps = s.lanes.a.scenario?.steps ?? s.scenario.steps;
      const rate = Math.max(MIN_STEPS_PER_SECOND, steps / PLAYBACK_SECONDS);
      if (s.cursor < available - 1) {
        carry += (elapsed * rate) / 1000;
        const advance = Math.floor(carry);
        if (advance > 0) {
          carry -= advance;
          useApp.setState({ cursor: Math.min(available - 1, s.cursor + advance) });
        }
      } else {
        carry = 0; // waiting for the engine: do not bank time
        if (runsFinished(s)) useApp.setState({ playing: false });
      }
    }
    raf = requestAnimationFrame(tick);
  };
  raf = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(raf);
}
