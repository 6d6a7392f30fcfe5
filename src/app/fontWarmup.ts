/**
 * Looks up the page's fonts before the page draws them, one font per task.
 *
 * Why: on Linux, Chromium's renderer asks the browser process, in a synchronous round trip, for every font family it
 * has not matched yet and for the render settings of every new "strike" (family × size × weight). The lab's first
 * layout drew nine strikes and waited on about twenty-five such round trips in one task; on a busy machine that task
 * took 50–85 ms of wall time for 8–17 ms of CPU. The entry module starts this while the app's code is still
 * downloading and the main thread is idle, so that the first layout finds every strike cached. Elsewhere (macOS,
 * Windows, or a browser that has drawn these fonts before) each lookup is a cache hit and the warm-up costs next
 * to nothing.
 *
 * What it looks up is the page's own list of the fonts it draws (pageFonts.ts), first screen first.
 */
import { yieldToEvents } from '../engine/yieldToEvents';

/**
 * Text to shape in each font: ASCII only, so that no character needs a fallback font (a lookup of its own). The
 * formulas' italic letters (Unicode's mathematical italics, which the system fonts here lack) are still looked up
 * one by one when a formula is first drawn.
 */
const SAMPLE = 'Tilt Lab 0123456789';

/**
 * Lays out `SAMPLE` in each font of `fonts`, one per task, in a hidden box of its own, then removes the box.
 * Reading `offsetWidth` forces the layout (and so the font lookups) inside that task.
 */
export async function warmFonts(fonts: readonly string[], host: HTMLElement = document.body): Promise<void> {
  const box = document.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  box.dataset.fontWarmup = '';
  // Size containment keeps each forced layout to the box; hidden, still laid out (display: none would not be).
  box.style.cssText = 'position:absolute;left:0;top:0;width:1px;height:1px;overflow:hidden;contain:strict;visibility:hidden;white-space:nowrap;pointer-events:none';
  host.append(box);
  try {
    for (const font of fonts) {
      // Yield first: the entry module's own task (which calls this) stays short.
      await yieldToEvents();
      const span = document.createElement('span');
      span.style.font = font;
      span.textContent = SAMPLE;
      box.append(span);
      void span.offsetWidth;
    }
  } finally {
    box.remove();
  }
}
