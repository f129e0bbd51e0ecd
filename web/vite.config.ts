// Builds the responder console into web/dist, served by the Lifeline server at /console/.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompiledMessages } from './precompile-messages.ts';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [precompiledMessages(), react()],
  // Messages arrive parsed (precompile-messages.ts): the runtime needs no ICU parser.
  resolve: { alias: [{ find: /^@formatjs\/icu-messageformat-parser$/, replacement: '@formatjs/icu-messageformat-parser/no-parser.js' }] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
