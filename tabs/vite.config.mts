import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Root is tabs/, so `npm run build:tabs` from the repository root writes tabs/dist. The manifest lets the bench
// measure the employee tab's initial JS (entry chunk + its static imports) without guessing file names.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    // Two pages: the tab (and the Teams meeting side panel, `?view=meeting`) and the Outlook add-in's task pane,
    // which loads Office.js from Microsoft's CDN before its module (outlook.html).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        outlook: fileURLToPath(new URL('outlook.html', import.meta.url)),
      },
    },
  },
  server: {
    // `vite --config tabs/vite.config.mts` during UI work: the API runs under `npm start` on 7071.
    proxy: { '/api': 'http://localhost:7071' },
  },
});
