/** The look the page's charts share: their margins, and how wide their axis tick labels are. */
export const MARGIN = { top: 8, right: 14, bottom: 4, left: 0 };
export const AXIS_FONT_PX = 11;

let context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null | undefined;
const widths = new Map<string, number>();

/**
 * A tick label's width in CSS pixels at the axis font, measured on a canvas (which lays nothing out). The labels
 * inherit the page's font; without a canvas, a digit's width (0.64 em) per character is assumed.
 */
export function measureTickLabel(label: string): number {
  const known = widths.get(label);
  if (known !== undefined) return known;
  if (context === undefined) {
    context = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1).getContext('2d') : null;
    if (context) context.font = `${AXIS_FONT_PX}px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  }
  const width = context ? context.measureText(label).width : label.length * 0.64 * AXIS_FONT_PX;
  widths.set(label, width);
  return width;
}
