import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The page reads the workspace's libraries from their TypeScript sources (the `@dualtape/source` export
 * condition), so building it needs no `tsc -b` first. Relative asset paths, so the built folder works from
 * any place it is served.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { conditions: ['@dualtape/source', 'module', 'browser', 'development|production'] },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  preview: { host: 'localhost' },
});
