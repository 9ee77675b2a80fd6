// Vite builds the browser client from client/ into dist/client; public/ is copied as-is.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  publicDir: '../public',
  // Relative asset URLs: the same build runs at / or under any BASE_PATH (server/base-path.ts).
  base: './',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/socket.io': { target: 'http://localhost:3000', ws: true },
      '/config.json': { target: 'http://localhost:3000' },
    },
  },
});
