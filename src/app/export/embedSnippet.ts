/**
 * "Embed this figure": the two snippets a blog author pastes for the scenario on screen — the library's module
 * script with a `<tilt-lab>` element (docs/embedding.md), and an `<iframe>` of the app's chrome-less `?embed` view
 * with a title and lazy loading. Attribute values are escaped for the quotes they sit in, so any scenario text
 * (a formula, a model name) pastes as valid HTML.
 */
import type { SamplerSpec, Scenario } from '../../core/scenario';
import { describeScenario } from '../../view/describe';
import { writeUrlState } from '../urlState';

/** For an attribute written in single quotes (the scenario JSON keeps its double quotes readable). */
export function escapeSingleQuoted(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For an attribute written in double quotes. */
export function escapeDoubleQuoted(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface EmbedSnippets {
  element: string;
  iframe: string;
}

/** The iframe's size: the `?embed` view's canvas, one chart and the play bar. */
export const IFRAME_SIZE = { width: 480, height: 400 };

/**
 * `appUrl`: the app's folder (where index.html is served); the library build is expected in its `lib/` folder
 * (`npm run build && npm run build:lib` writes both into dist/).
 */
export function embedSnippets(scenario: Scenario, compare: SamplerSpec | null, appUrl: string): EmbedSnippets {
  const app = new URL('./', appUrl);
  const library = new URL('lib/tiltlab.js', app).href;
  const element = [
    `<script type="module" src="${escapeDoubleQuoted(library)}"></script>`,
    `<tilt-lab scenario='${escapeSingleQuoted(JSON.stringify(scenario))}' autoplay controls></tilt-lab>`,
  ].join('\n');
  const src = `${app.href}?embed${writeUrlState(scenario, compare)}`;
  const title = `Tilt Lab: ${describeScenario(scenario, compare)}`;
  const iframe =
    `<iframe src="${escapeDoubleQuoted(src)}" title="${escapeDoubleQuoted(title)}" ` +
    `width="${IFRAME_SIZE.width}" height="${IFRAME_SIZE.height}" loading="lazy" style="border: 0; max-width: 100%"></iframe>`;
  return { element, iframe };
}
