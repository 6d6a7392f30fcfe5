/**
 * The embed's `autoplay` and `loop` options (teaching/embedOptions.ts) applied to the player (a bad option is
 * reported by EmbedNotices). Runs start playing by themselves (runControl); autoplay=0 stops each new run on its
 * first step, loop=1 starts the playback again a moment after it reaches the final samples.
 */
import { useEffect } from 'react';
import { actions } from '../../actions';
import { shownFrames, shownRunsFinished } from '../../runControl';
import { useApp } from '../../store';
import type { EmbedOptions } from '../../teaching/embedOptions';

const LOOP_PAUSE_MS = 1200;

export function EmbedPlayback(props: { options: EmbedOptions }) {
  const { autoplay, loop } = props.options;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (!autoplay && useApp.getState().playing) useApp.setState({ playing: false });
    const unsubscribe = useApp.subscribe((s, prev) => {
      if (!autoplay && s.runEpoch !== prev.runEpoch && s.playing) useApp.setState({ playing: false, cursor: 0 });
      const reachedEnd = prev.playing && !s.playing && shownRunsFinished(s) && s.cursor >= shownFrames(s) - 1;
      if (loop && reachedEnd) {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const now = useApp.getState();
          if (!now.playing && shownRunsFinished(now) && now.cursor >= shownFrames(now) - 1) actions.play();
        }, LOOP_PAUSE_MS);
      }
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [autoplay, loop]);
  return null;
}
