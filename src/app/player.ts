/**
 * The page's playback: the lanes' shared PlayerClock (src/view/session/PlayerClock.ts: any run plays in
 * about two seconds, never past the newest frame) ticked by the page's redraw loop, moving the page store's
 * cursor. The loop runs only while playing: when playback stops (paused, or played to the end of finished
 * runs) it sleeps, and pressing Play (or a new run starting) wakes it.
 */
import { laneSessions, redrawLoop, shownFrames, shownRunsFinished } from './runControl';
import { useApp } from './store';

export function startPlayer(): () => void {
  const clock = laneSessions.a.clock;
  const removeTask = redrawLoop.add((now) => {
    const s = useApp.getState();
    const steps = laneSessions.a.run.scenario?.steps ?? s.scenario.steps;
    const next = clock.tick({ cursor: s.cursor, playing: s.playing, available: shownFrames(s), steps, finished: shownRunsFinished(s) }, now);
    if (next.cursor !== s.cursor || next.playing !== s.playing) useApp.setState(next);
    return next.playing;
  });
  const unsubscribe = useApp.subscribe((s, prev) => {
    if (s.playing && (!prev.playing || s.cursor !== prev.cursor)) redrawLoop.invalidate();
  });
  return () => {
    removeTask();
    unsubscribe();
  };
}
