/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { threadedWasmMainScript } from './scripts/vite/threadedWasmMainScript';
import { preloadEntryImports } from './scripts/vite/preloadEntryImports';

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset URLs, so the built page works from any sub-path (a blog post, a static host folder).
  base: './',
  plugins: [
    react(),
    // For the dev server's workers; the build's workers take `worker.plugins` below.
    threadedWasmMainScript(),
    // The chunks the entry imports at once, fetched while the HTML is parsed (scripts/vite/preloadEntryImports.ts).
    preloadEntryImports(),
    // Offline after the first visit: a Workbox service worker precaches the app, the wasm binaries, the fonts and
    // the shipped models; a new build waits until the page says "reload to update" (src/app/offline/).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,woff2,svg,json,bin}'],
        // The library and its example pages are built into dist/ later, by their own config; they are not the app.
        globIgnores: ['lib/**', 'examples/**'],
        // The largest precached files are the tfjs chunks and the wasm binaries (a few MB).
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    target: 'es2022',
    // The heavy backends (wasm, webgl, webgpu) are lazy chunks; the warning threshold is for the initial ones.
    chunkSizeWarningLimit: 900,
    // Fonts stay files: an inlined data: font is refused by a strict CSP (font-src 'self').
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf)$/.test(file) ? false : undefined),
  },
  worker: {
    // The engine worker is an ES module worker so that it can import backends lazily.
    format: 'es',
    // The threaded WASM backend's pthread workers load tfjs's factory as a same-origin file (README "WASM threads").
    plugins: () => [threadedWasmMainScript()],
    rolldownOptions: {
      output: {
        // Everything the worker needs for its first run in one chunk: the worker starts with two requests (its entry
        // and this chunk), not a waterfall of six small shared chunks queued behind the page's own.
        codeSplitting: { groups: [{ name: 'engine', tags: ['$initial'] }] },
      },
    },
  },
  // Cross-origin isolation, so that WASM can run XNNPACK's thread pool (shared memory; README "WASM threads").
  // The app loads nothing from other origins, so require-corp blocks nothing. A static host needs the same two
  // headers (README, "WASM threads").
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
