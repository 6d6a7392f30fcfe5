/**
 * The `?embed` page's playback options, read from the query string beside `embed`:
 *   autoplay (default 1) — play each run as it arrives; 0 waits on the first step for the reader
 *   loop     (default 0) — start again from the first step after the final samples
 *   controls (default 1) — show the play bar; 0 shows the figure alone
 * Like every URL value they are validated: a bad value is reported by name and ignored (its default applies).
 */

export interface EmbedOptions {
  autoplay: boolean;
  loop: boolean;
  controls: boolean;
  /** One line per bad option, naming it; empty when every option was valid. */
  problems: string[];
}

export const EMBED_DEFAULTS = { autoplay: true, loop: false, controls: true } as const;

const TRUE = new Set(['', '1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

export function readEmbedOptions(search: string): EmbedOptions {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const flag = (name: keyof typeof EMBED_DEFAULTS): boolean => {
    const raw = params.get(name);
    if (raw === null) return EMBED_DEFAULTS[name];
    const v = raw.trim().toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    const shown = raw.length > 20 ? `${raw.slice(0, 19)}…` : raw;
    problems.push(`${name}: "${shown}" is not 1/0 or true/false; ignored (default ${EMBED_DEFAULTS[name] ? 1 : 0})`);
    return EMBED_DEFAULTS[name];
  };
  return { autoplay: flag('autoplay'), loop: flag('loop'), controls: flag('controls'), problems };
}
