/** The small charts of the side panels (training loss, fine-tuning): tighter margins and a shorter x axis. */
export const SMALL_CHART_MARGIN = { top: 6, right: 10, bottom: 2, left: 0 };
export const SMALL_CHART_X_HEIGHT = 20;
