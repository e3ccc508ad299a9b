import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The test app is built once; each journey serves it with its own /config.json (ports differ).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});
