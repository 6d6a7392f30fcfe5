/**
 * The library build (`npm run build:lib`): `dist/lib/tiltlab.js`, one ES module with React bundled, for any
 * page (`<tilt-lab>` and `mount`) — and, with `--mode react`, `dist/lib/react/tiltlab.js` for React hosts,
 * which brings its own React. The engine worker and the wasm files are emitted beside the module and found from
 * its URL; the shipped learned models (public/models/) are copied to `models/` beside it, where a figure looks
 * for them by default. The example pages (examples/) are copied to dist/examples/, where they load the build
 * from ../lib/.
 */
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { threadedWasmMainScript } from './scripts/vite/threadedWasmMainScript';

const REACT_EXTERNALS = ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime'];

export default defineConfig(({ mode }) => {
  const forReact = mode === 'react';
  return {
    base: './',
    // Not the app's whole public/ folder: only its models, copied below.
    publicDir: false,
    plugins: [
      react(),
      {
        name: 'copy-models-and-examples',
        closeBundle() {
          const outDir = resolve(import.meta.dirname, forReact ? 'dist/lib/react' : 'dist/lib');
          cpSync(resolve(import.meta.dirname, 'public/models'), resolve(outDir, 'models'), { recursive: true });
          if (!forReact) cpSync(resolve(import.meta.dirname, 'examples'), resolve(import.meta.dirname, 'dist/examples'), { recursive: true });
        },
      },
    ],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      target: 'es2022',
      outDir: forReact ? 'dist/lib/react' : 'dist/lib',
      emptyOutDir: true,
      chunkSizeWarningLimit: 1600,
      lib: { entry: resolve(import.meta.dirname, 'src/lib/index.ts'), formats: ['es'], fileName: () => 'tiltlab.js' },
      rollupOptions: { external: forReact ? REACT_EXTERNALS : [] },
    },
    // On a cross-origin-isolated host page the WASM backend runs threads; see the plugin for why it is needed.
    worker: { format: 'es', plugins: () => [threadedWasmMainScript()] },
  };
});
