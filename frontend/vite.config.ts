import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    // The app runs offline from the binary; no CDN, one chunk size warning
    // level that fits Ant Design.
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'happy-dom',
    globals: true,
    setupFiles: ['./src/test-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'opener/src/**/*.test.ts'],
    // antd in happy-dom takes seconds per test on a busy 2-core machine; the
    // default 5 s failed passing tests there. Only a hang should fail.
    testTimeout: 30_000,
    // One module graph per worker instead of one per file: importing antd
    // and React for each of ~40 files was half the suite's time (135 s →
    // 64 s on 2 cores). Every file resets the stores it uses and installs
    // its own fake Go side; testing-library unmounts after each test.
    isolate: false,
  },
});
