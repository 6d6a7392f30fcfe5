/**
 * Playback: while playing, the display cursor advances once per animation frame (a few steps per frame for
 * long runs, so any run plays in about two seconds) and stops at the newest frame the engine has sent. The
 * engine computes ahead; the charts and the canvas both show the cursor's step, so they always agree.
 */
import { maxFrames, runsFinished, useApp } from './store';

const PLAYBACK_FRAMES = 120;

export function startPlayer(): () => void {
  let raf = 0;
  const tick = () => {
    const s = useApp.getState();
    if (s.playing) {
      const available = maxFrames(s);
      const steps = s.lanes.a.scenario?.steps ?? s.scenario.steps;
      const stride = Math.max(1, Math.ceil(steps / PLAYBACK_FRAMES));
      if (s.cursor < available - 1) useApp.setState({ cursor: Math.min(available - 1, s.cursor + stride) });
      else if (runsFinished(s)) useApp.setState({ playing: false });
    }
    raf = requestAnimationFrame(tick);
  };
  raf = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(raf);
}
