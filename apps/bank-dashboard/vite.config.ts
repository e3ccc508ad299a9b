import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `--mode devtools` (.env.devtools: NODE_ENV=development) builds the demo's development variant,
// with the Sesame devtools, next to the production build.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  build: {
    outDir: mode === 'devtools' ? 'dist/app-devtools' : 'dist/app',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
}));
