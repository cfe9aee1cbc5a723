import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The portal: built into dist/web, which the hub serves at `/` under a strict CSP
// (script-src 'self', style-src 'self'): only external JS and CSS files, nothing inline.
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline modulepreload polyfill script in index.html (CSP forbids inline scripts).
    modulePreload: { polyfill: false },
    // No data: URIs for assets; every asset is a file under /assets/.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // `npx vite --config web/vite.config.ts` against a hub on :8080
    proxy: { '/api': 'http://127.0.0.1:8080', '/taxii2': 'http://127.0.0.1:8080' },
  },
});
