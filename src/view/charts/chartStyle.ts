/** The look every recharts chart of the page shares: its margins and its axis tick text. */
import { PALETTE } from '../palette';

export const MARGIN = { top: 8, right: 14, bottom: 4, left: 0 };
export const AXIS_TICK = { fontSize: 11, fill: PALETTE.muted };
