/**
 * Lists in the built index.html, as `<link rel="modulepreload">`, the chunks that the entry module loads at once with
 * `import()` (src/main.tsx: React's DOM renderer, the scenario rules, the app) and every chunk they import.
 *
 * Why: without it the entry's own task inserts those links at run time (Vite's preload helper), some thirty DOM
 * insertions that each start a fetch, 5–7 ms of the entry's main-thread task on the 2-core machine; and the fetches
 * start only once the entry has been fetched and run. Listed in the page, the browser's preload scanner fetches them
 * while it parses the HTML, and the helper finds them present and inserts nothing.
 */
import type { Plugin } from 'vite';

export function preloadEntryImports(): Plugin {
  return {
    name: 'tiltlab:preload-entry-imports',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const { bundle, chunk } = ctx;
        if (!bundle || !chunk) return [];
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const c = bundle[fileName];
          if (!c || c.type !== 'chunk' || files.has(fileName)) return;
          files.add(fileName);
          c.imports.forEach(visit);
        };
        chunk.dynamicImports.forEach(visit);
        // The entry's static imports are linked by Vite already.
        return [...files]
          .filter((f) => f !== chunk.fileName && !chunk.imports.includes(f))
          .map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}
