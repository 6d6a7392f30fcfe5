/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so the built page works from any sub-path (a blog post, a static host folder).
  base: './',
  plugins: [react()],
  build: {
    target: 'es2022',
    // The heavy backends (wasm, webgl, webgpu) are lazy chunks; the warning threshold is for the initial ones.
    chunkSizeWarningLimit: 900,
  },
  worker: {
    // The engine worker is an ES module worker so that it can import backends lazily.
    format: 'es',
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
