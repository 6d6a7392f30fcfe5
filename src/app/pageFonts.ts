/**
 * The fonts the default page draws, as `font-weight font-size font-family` (CSS `font` shorthands), first screen
 * first: what the font warm-up (fontWarmup.ts) looks up before the first render. Written by hand from the page's
 * computed styles; `tests/e2e/font-warmup.test.ts` fails, naming the entry to add, when the page draws a font this
 * list lacks. A font missing here is only a lookup made later, during a layout, never wrong text.
 */

const FONT = 'var(--font)';
const MONO = 'var(--mono)';

/** Drawn by the first screen (before the first particles), in the order the page's first layout meets them. */
export const FIRST_SCREEN_FONTS: readonly string[] = [
  `400 15px ${FONT}`,
  `650 19.5px ${FONT}`,
  `400 13.5px ${FONT}`,
  `600 15px ${FONT}`,
  `400 12px ${MONO}`,
  `650 12px ${FONT}`,
  `400 12px ${FONT}`,
  `650 13.5px ${FONT}`,
  `400 10px ${FONT}`,
];

/** Drawn by the parts that load after the first particles: charts, controls, tables, the teaching text. */
export const LATER_FONTS: readonly string[] = [
  `400 11px ${FONT}`,
  `560 12px ${FONT}`,
  `400 12.9px ${FONT}`,
  `500 12.9px ${FONT}`,
  `600 12.9px ${FONT}`,
  `700 12.9px ${FONT}`,
  `600 12px ${MONO}`,
  `400 10.75px ${FONT}`,
  `400 10.8px ${FONT}`,
  `700 15px ${FONT}`,
  `400 11.7px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace`,
  `400 15px monospace`,
  // The step-through's formulas: KaTeX's MathML at 1.21 em, and its scripts at 0.71 of that.
  `400 18.15px math`,
  `400 12.8865px math`,
];
